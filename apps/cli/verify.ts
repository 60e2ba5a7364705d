/**
 * npm run verify [-- --anchor <anchor>]
 * Checks the hash chain of every stream in one pass over the store, that no stream lost events at
 * its end (against what the read models saw), and re-verifies every concluded review. With
 * --anchor (an integrityAnchor or Review.anchor kept outside), also that the store still holds
 * exactly the events it covers: what a truncated tail and a rebuild leave unseen otherwise.
 * Exit code 1 and a readable list when anything fails; 2 when it cannot run (a malformed anchor).
 */
import { parseArgs } from 'node:util';
import { parseAnchor, verifyAnchor } from '../../libs/audit/anchor';
import { ChainChecker } from '../../libs/audit/integrity';
import { verifyReview } from '../../libs/audit/review-verification';
import {
  openEventStore,
  openReadModels,
  storeSettingsFromEnv,
} from '../../libs/infrastructure/open-stores';
import { progressBar, rateSince } from './progress';
import { resolutionStream, reviewStream, taskStream } from '../../libs/workflows/shared/streams';

export async function verifyAll(opts: { quiet?: boolean; anchor?: string } = {}) {
  const anchor = opts.anchor === undefined ? null : parseAnchor(opts.anchor);
  if (opts.anchor !== undefined && !anchor)
    throw new Error(`--anchor: not an anchor (as integrityAnchor.anchor gives it): ${opts.anchor}`);
  const settings = storeSettingsFromEnv();
  const store = openEventStore(settings);
  const readModels = await openReadModels(settings);
  const problems: string[] = [];
  try {
    const head = await store.headPosition();
    const bar = opts.quiet ? null : progressBar('verify', Number(head));
    const started = process.hrtime.bigint();
    const checker = new ChainChecker();
    let events = 0;
    const reviews: string[] = [];
    for await (const e of store.readAll()) {
      events++;
      const problem = checker.check(e);
      if (problem) problems.push(`event ${e.id}: ${problem}`);
      if (e.type === 'ReviewConcluded') reviews.push(String(e.data.reviewId));
      if (events % 5000 === 0)
        bar?.update(Number(e.position), { rate: rateSince(started, events) });
    }
    bar?.update(Number(head), { rate: rateSince(started, events) });
    bar?.stop();
    // A stream shorter than the read model remembers lost events at its end.
    for (let page = await readModels.resolutions({ limit: 1000 }); ;) {
      for (const r of page.items) {
        const streams: Array<[string, number | undefined]> = [[resolutionStream(r.id), r.version]];
        for (const id of r.taskIds)
          streams.push([taskStream(id), (await readModels.task(id))?.version]);
        for (const id of r.reviewIds)
          streams.push([reviewStream(id), (await readModels.review(id))?.version]);
        for (const [streamId, version] of streams) {
          const last = checker.head(streamId);
          if (version !== undefined && (last === undefined || Number(last.revision) < version))
            problems.push(
              `${streamId}: events after revision ${last?.revision ?? -1} were removed (read model saw ${version})`,
            );
        }
      }
      if (!page.hasNextPage) break;
      page = await readModels.resolutions({
        limit: 1000,
        after: page.items[page.items.length - 1].seq,
      });
    }
    for (const reviewId of reviews) {
      const review = await readModels.review(reviewId);
      if (!review) {
        problems.push(
          `review ${reviewId}: concluded in the events but missing from the read models`,
        );
        continue;
      }
      const taskIds = (await readModels.resolution(review.resolutionId))?.taskIds ?? [];
      const result = await verifyReview(store, review, taskIds);
      for (const d of result.differences)
        problems.push(
          `review ${reviewId}, target ${d.targetId}: recorded ${d.recorded} (${d.recordedValue}), recomputed ${d.recomputed} (${d.recomputedValue}): ${d.reason}`,
        );
    }
    if (anchor) {
      const report = await verifyAnchor(store, anchor, readModels);
      if (!report.intact)
        problems.push(
          `anchor ${opts.anchor}: ${report.problem}` +
            (report.firstBrokenEventId ? ` (first broken event ${report.firstBrokenEventId})` : ''),
        );
    }
    return { events, reviews: reviews.length, problems };
  } finally {
    await readModels.close();
    await store.close();
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { anchor: { type: 'string' } } });
  verifyAll({ anchor: values.anchor })
    .then(({ events, reviews, problems }) => {
      if (problems.length === 0) {
        console.log(
          `intact: ${events} events, ${reviews} concluded reviews re-verified` +
            (values.anchor ? ', the anchor holds' : ''),
        );
        return;
      }
      console.log(`${problems.length} problem(s) in ${events} events and ${reviews} reviews:`);
      for (const p of problems) console.log(`  - ${p}`);
      process.exitCode = 1;
    })
    .catch((err) => {
      console.error(`verify failed: ${err instanceof Error ? err.message : err}`);
      process.exit(2);
    });
}
