import {
  addLeadNoteAction,
  changeLeadStatusAction,
  claimLeadAction,
  getLeadAction,
  reassignLeadAction,
  releaseLeadAction,
} from "./actions";

/** The server actions both lead tables (Sales and Admin) hand to the shared component. */
export const leadActions = {
  claim: claimLeadAction,
  changeStatus: changeLeadStatusAction,
  release: releaseLeadAction,
  reassign: reassignLeadAction,
  addNote: addLeadNoteAction,
  getLead: getLeadAction,
};
