import { startServer, actors, token, ok } from './support/server';
import { implementingResolution, Q, draftResolution } from './support/lifecycle';
(async () => {
  const s = await startServer();
  const a = await actors();
  const t0 = Date.now();
  const r = await implementingResolution(s, a);
  console.log('setup ms', Date.now() - t0);
  console.log(JSON.stringify(r.resolution).slice(0, 300));
  console.log(await s.head());
  const show = (x: any) => console.log(x.status, JSON.stringify(x.errors ?? x.data).slice(0, 400));
  show(await s.gql(null, '{ serverInfo { headPosition } }'));
  show(await s.gql('garbage', '{ serverInfo { headPosition } }'));
  show(await s.gql(await token('NOBODY'), '{ serverInfo { headPosition } }'));
  show(await s.gql(await token('AUDITOR', {expiresAt: Math.floor(Date.now()/1000) - 10}), '{ serverInfo { headPosition } }'));
  show(await s.gql(await token('AUDITOR', {secret: 'x'.repeat(32)}), '{ serverInfo { headPosition } }'));
  show(await s.gql(a.auditor, Q.defineTarget, {input: {resolutionId: r.resolution.id, code: 'X', group: 'g', name:'n', unit:'u', kind:'LEVEL', comparison:'AT_LEAST', baselineYear:2020, targetValue: 1.2, dueYear: 2025}}));
  show(await s.gql(a.auditor, `mutation { defineTarget(input: {resolutionId: "x", code: "X", group: "g", name:"n", unit:"u", kind:LEVEL, comparison:AT_LEAST, baselineYear:2020, targetValue: "1,2", dueYear: 2025}) { id } }`));
  show(await s.gql(a.secretariat, `mutation { defineTarget(input: {resolutionId: "x", code: "X", group: "g", name:"n", unit:"u", kind:LEVEL, comparison:AT_LEAST, baselineYear:2020, targetValue: "1,2", dueYear: 2025}) { id } }`));
  for (const v of ['1,2', 'abc', 1.2, ' 1'])
    show(await s.gql(a.unitA, Q.report, {input: {taskId: r.task.id, year: 2021, measurements: [{targetId: r.targets[0].id, year: 2021, value: v}]}}));
  show(await s.gql(a.secretariat, Q.draft, {input: {title: '', kind: 'CONGRESS', termStart: 2020, termEnd: 2025}}));
  show(await s.gql(a.secretariat, Q.draft, {input: {title: 'x', kind: 'CONGRESS', termStart: 2020, termEnd: 2025, parentId: 'nope'}}));
  show(await s.gql(a.secretariat, `{ resolution(id: "nope") { id } task(id: "nope") { id } review(id: "nope") { id } }`));
  show(await s.gql(a.secretariat, `{ verifyReview(id: "nope") { matches } }`));
  await s.close();
})();
