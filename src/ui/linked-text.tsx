import { Fragment } from "react";

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** Plain text with every web address in it as a link (mail bodies in the demo outbox). */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_PATTERN).map((part, i) =>
        i % 2 === 1 ? (
          <a key={`${i}-${part}`} href={part} className="break-all text-brand-700 underline">
            {part}
          </a>
        ) : (
          <Fragment key={`${i}-${part.length}`}>{part}</Fragment>
        ),
      )}
    </>
  );
}
