// The fitted model is data beside the knowledge, stamped with what it was fitted on: it reloads
// with the knowledge, a stale stamp is reported, and a pack without one runs on the defaults.
import { appendFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CALIBRATION, type CalibrationFile } from '../../src/engine/confidence.js';
import { loadEngine } from '../../src/engine/engine.js';
import { KnowledgeError } from '../../src/engine/knowledge-error.js';
import { loadKnowledge } from '../../src/engine/load-knowledge.js';
import { FIXTURES } from '../helpers/engine.js';

const folders: string[] = [];
async function packCopy(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'footnote-calibration-'));
  folders.push(folder);
  await cp(path.join(FIXTURES, 'pack-small'), folder, { recursive: true });
  return folder;
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

function calibrationFile(stamp: string, answer: number): CalibrationFile {
  const { model } = DEFAULT_CALIBRATION;
  return { generated_by: 'test', stamp, fitted_on: ['test'], model: { ...model, means: [...model.means], scales: [...model.scales], weights: [...model.weights] }, thresholds: { answer, clarify: answer / 2 } };
}

describe('GIVEN calibration data beside the knowledge', () => {
  it('WHEN there is none THEN the documented defaults, marked as such', async () => {
    const knowledge = await loadKnowledge(await packCopy());
    expect(knowledge.calibration.status).toBe('default');
    expect(knowledge.calibration.calibration).toEqual(DEFAULT_CALIBRATION);
  });

  it('WHEN its stamp matches THEN it is fitted and the engine decides with its thresholds', async () => {
    const folder = await packCopy();
    const { stamp } = (await loadKnowledge(folder)).calibration;
    await writeFile(path.join(folder, 'calibration.json'), JSON.stringify(calibrationFile(stamp, 0.999)));
    const engine = await loadEngine(folder);
    expect(engine.knowledge.calibration.status).toBe('fitted');
    expect(engine.explain('vesta money please').thresholds.answer).toBe(0.999);
  });

  it('WHEN the knowledge changes after fitting THEN the stamp is stale, and it still serves', async () => {
    const folder = await packCopy();
    const { stamp } = (await loadKnowledge(folder)).calibration;
    await writeFile(path.join(folder, 'calibration.json'), JSON.stringify(calibrationFile(stamp, 0.7)));
    await appendFile(path.join(folder, 'knowledge.yaml'), '\n# a curator edit\n');
    const knowledge = await loadKnowledge(folder);
    expect(knowledge.calibration.status).toBe('stale');
    expect(knowledge.calibration.calibration.thresholds.answer).toBe(0.7);
  });

  it('WHEN the file is not a calibration THEN validation names it and the fix', async () => {
    const folder = await packCopy();
    await writeFile(path.join(folder, 'calibration.json'), '{"stamp": 3}');
    const error = await loadKnowledge(folder).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as KnowledgeError).issues[0]).toMatchObject({ file: 'calibration.json', fix: expect.stringMatching(/npm run calibrate/) });
  });
});
