import { redirect } from "next/navigation";

export default function SalesIndex() {
  redirect("/sales/leads");
}
