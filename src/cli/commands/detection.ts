import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { defaultDetectorModelPath, loadDetectorModel } from '../../app/detector-model.js';
import { analyzeCall } from '../../detection/call-detector.js';
import { type EvalSummary, evaluateCalls } from '../../detection/evaluation.js';
import { type CallTranscript, parseCallLine } from '../../detection/transcript.js';
import type { DetectorModel } from '../../detection/turn-classifier.js';
import { CliError } from '../cli-error.js';
import { withGlobalOptions } from '../context.js';

async function* lines(file: string): AsyncGenerator<{ line: string; number: number }> {
  if (file !== '-' && !existsSync(file)) throw new CliError(`no such file: ${file}`);
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  let number = 0;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    number++;
    if (line.trim() !== '') yield { line, number };
  }
}

async function model(path: string | undefined): Promise<DetectorModel> {
  try {
    return await loadDetectorModel(path ?? defaultDetectorModelPath);
  } catch (error) {
    throw new CliError((error as Error).message, 3);
  }
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

function table(title: string, s: EvalSummary): string {
  const rows = [
    `${title}: ${s.calls} calls (${s.scams} scam, ${s.legitimate} legitimate)`,
    `  recall                          ${percent(s.recall)}`,
    `  false-positive rate             ${percent(s.falsePositiveRate)}`,
    `  alerted at/before first ask     ${percent(s.alertedByFirstAsk)} of ${s.withAskTurn} annotated scams`,
    `  median alert turn − first ask   ${s.medianAlertVsAsk === null ? '—' : s.medianAlertVsAsk}`,
    '  per type (recall for scam types, false-positive rate for legitimate ones):',
  ];
  for (const [type, f] of Object.entries(s.byType).sort(([a], [b]) => a.localeCompare(b))) {
    rows.push(
      `    ${type.slice(0, 48).padEnd(48)} ${f.label.padEnd(10)} ${String(f.calls).padStart(5)}  ${percent(f.rate)}`,
    );
  }
  return rows.join('\n');
}

/** Registers `analyze` and `eval` (the scam detector's commands). */
export function registerDetectionCommands(program: Command): void {
  withGlobalOptions(program.command('analyze'))
    .description('run the live scam detector over call transcripts (JSON lines), turn by turn; one verdict per call')
    .argument('[file]', "transcripts, one call per line ('-' or nothing for stdin)", '-')
    .option('--model <file>', 'detector model JSON (default: the committed model)')
    .option('--per-turn', 'also print the risk and action after every turn')
    .action(async (file: string, options: { model?: string; perTurn?: boolean }) => {
      const detector = await model(options.model);
      const bad: number[] = [];
      for await (const { line, number } of lines(file)) {
        let call: CallTranscript;
        try {
          call = parseCallLine(line);
        } catch (error) {
          process.stderr.write(`callwarden: line ${number}: ${(error as Error).message}\n`);
          bad.push(number);
          continue;
        }
        const verdict = analyzeCall(detector, call.turns);
        const out = {
          id: call.id,
          verdict: verdict.verdict,
          risk: Math.round(verdict.risk * 1000) / 1000,
          alertTurn: verdict.alertTurn,
          stages: verdict.stages,
          reasons: verdict.reasons,
          ...(options.perTurn
            ? {
                turns: verdict.perTurn.map((a) => ({
                  turn: a.turn,
                  risk: Math.round(a.risk * 1000) / 1000,
                  action: a.action,
                })),
              }
            : {}),
        };
        process.stdout.write(`${JSON.stringify(out)}\n`);
      }
      if (bad.length > 0) {
        throw new CliError(
          `${bad.length} bad input line(s): ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ', …' : ''}`,
        );
      }
    });

  withGlobalOptions(program.command('eval'))
    .description('measure the detector on labelled transcripts, as given and as speech-recognition-style text')
    .argument('<file>', 'labelled transcripts (label, firstAskTurn), one call per line')
    .option('--model <file>', 'detector model JSON (default: the committed model)')
    .action(async (file: string, options: { model?: string; json?: boolean }, command: Command) => {
      const json = options.json === true || command.optsWithGlobals<{ json?: boolean }>().json === true;
      const detector = await model(options.model);
      const calls: CallTranscript[] = [];
      for await (const { line, number } of lines(file)) {
        try {
          calls.push(parseCallLine(line));
        } catch (error) {
          throw new CliError(`${file} line ${number}: ${(error as Error).message}`);
        }
      }
      if (!calls.some((c) => c.label !== undefined)) throw new CliError(`${file}: no call has a "label"`);
      const { tidy, asr } = evaluateCalls(detector, calls);
      if (json) process.stdout.write(`${JSON.stringify({ file, tidy, asr })}\n`);
      else process.stderr.write(`${table(`${file} — as given`, tidy)}\n\n${table(`${file} — ASR-style`, asr)}\n`);
    });
}
