const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

type Segment = { at: number; text: string; link: boolean };

/** The text cut into plain runs and web addresses, each keyed by where it starts. */
function segments(text: string): Segment[] {
  const parts: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    if (match.index > at) parts.push({ at, text: text.slice(at, match.index), link: false });
    parts.push({ at: match.index, text: match[0], link: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push({ at, text: text.slice(at), link: false });
  return parts;
}

/** Plain text with every web address in it as a link (mail bodies in the demo outbox). */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {segments(text).map((part) =>
        part.link ? (
          <a key={part.at} href={part.text} className="break-all text-brand-700 underline">
            {part.text}
          </a>
        ) : (
          <span key={part.at}>{part.text}</span>
        ),
      )}
    </>
  );
}
