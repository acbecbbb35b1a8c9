/**
 * The transcript format of CONTRACT.md ("Analysing call transcripts"), validated with zod at the edge.
 *
 * @example
 * parseCallLine('{"id":"c1","turns":[{"speaker":"caller","text":"Hello"}]}').turns.length; // 1
 */
import { z } from 'zod';
import { speakers } from './stages.js';

/** One turn; `keywords` (optional) are the keyword spotter's @NAMEs heard in it (see `keyword-hints.ts`). */
export const transcriptTurnSchema = z.object({
  speaker: z.enum(speakers),
  text: z.string(),
  keywords: z.array(z.string()).optional(),
});

export const callTranscriptSchema = z.object({
  id: z.string(),
  turns: z.array(transcriptTurnSchema),
  label: z.enum(['scam', 'legitimate']).optional(),
  type: z.string().optional(),
  firstAskTurn: z.number().int().nonnegative().nullable().optional(),
  firstEvidentTurn: z.number().int().nonnegative().nullable().optional(),
});
export type CallTranscript = z.infer<typeof callTranscriptSchema>;

/** Parses one JSON line; throws an Error whose message says what is wrong (bad JSON or which field). */
export function parseCallLine(line: string): CallTranscript {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
  const result = callTranscriptSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `not a call transcript: ${issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'invalid'}`,
    );
  }
  return result.data;
}

/**
 * Parses a whole JSON-lines file of transcripts (blank lines skipped); throws on the first bad line, naming the file
 * and the line number. For scripts that need every line good; the CLI keeps good lines and reports bad ones itself.
 */
export function parseCallFile(text: string, name: string): CallTranscript[] {
  const calls: CallTranscript[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      calls.push(parseCallLine(line));
    } catch (error) {
      throw new Error(`${name} line ${i + 1}: ${(error as Error).message}`);
    }
  });
  return calls;
}
