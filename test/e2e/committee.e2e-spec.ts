import { actors, failure, ok } from '../support/server';
import type { Actors, TestServer } from '../support/server';
import { startServer } from '../support/server';
import {
  cid,
  defineTarget,
  draftResolution,
  issue,
  issuedResolution,
  Q,
  submit,
} from '../support/lifecycle';

/** The rest of what a committee does (DOMAIN.md): review round, terms, supersede, provenance. */

const OPINION = `id givenBy opinion handling response recordedAt`;
const Ops = {
  opinion: `mutation($input: RecordReviewOpinionInput!) { recordReviewOpinion(input: $input) { id version reviewOpinions { ${OPINION} } } }`,
  handle: `mutation($input: RecordOpinionHandlingInput!) { recordOpinionHandling(input: $input) { ${OPINION} } }`,
  supersede: `mutation($id: ID!, $by: ID!, $reason: String!, $c: ID) {
    supersedeResolution(resolutionId: $id, supersededBy: $by, reason: $reason, commandId: $c) {
      id status supersededBy { id code } supersedes { id } } }`,
  relations: `query($id: ID!) { resolution(id: $id) { id status supersededBy { id } supersedes { id status } } }`,
  opinions: `query($id: ID!) { resolution(id: $id) { version reviewOpinions { ${OPINION} } } }`,
};

describe('what a committee does, end to end over HTTP', () => {
  let s: TestServer;
  let a: Actors;

  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(async () => {
    await s?.close();
  });

  /** A resolution IN_REVIEW with one opinion recorded without a handling. */
  async function inReviewWithOpenOpinion() {
    const r = await draftResolution(s, a);
    await defineTarget(s, a, r.id, { code: 'T1', kind: 'LEVEL', targetValue: '10' });
    await submit(s, a, r.id);
    const recorded = ok(
      await s.gql(a.member, Ops.opinion, {
        input: { resolutionId: r.id, givenBy: 'Đ/c Ủy viên', opinion: 'Nâng chỉ tiêu T1' },
      }),
    ).recordReviewOpinion;
    const opinion = recorded.reviewOpinions[0];
    expect(opinion).toMatchObject({ handling: null, response: null });
    return { id: r.id as string, opinionId: opinion.id as string };
  }

  const handle = (tok: string, input: Record<string, unknown>) => s.gql(tok, Ops.handle, { input });

  describe('review round: recordOpinionHandling', () => {
    it('handles an open opinion once; issue waits for every handling', async () => {
      const r = await inReviewWithOpenOpinion();
      const refused = failure(
        await s.gql(a.standing, Q.issue, {
          input: { resolutionId: r.id, code: '01-NQ', issuedOn: '2021-01-15', signedBy: 'Bí thư' },
        }),
      );
      expect(refused.code).toBe('INVALID_TRANSITION');
      expect(refused.message).toMatch(/no handling/);

      const handled = ok(
        await handle(a.secretariat, {
          resolutionId: r.id,
          opinionId: r.opinionId,
          handling: 'EXPLAINED',
          response: ' Giữ nguyên: đã có giải pháp ',
        }),
      ).recordOpinionHandling;
      expect(handled).toMatchObject({
        id: r.opinionId,
        givenBy: 'Đ/c Ủy viên',
        opinion: 'Nâng chỉ tiêu T1',
        handling: 'EXPLAINED',
        response: 'Giữ nguyên: đã có giải pháp',
      });
      const read = ok(await s.gql(a.auditor, Ops.opinions, { id: r.id })).resolution;
      expect(read.reviewOpinions).toEqual([handled]);

      const again = failure(
        await handle(a.secretariat, {
          resolutionId: r.id,
          opinionId: r.opinionId,
          handling: 'ACCEPTED',
          response: 'lần hai',
        }),
      );
      expect(again.code).toBe('INVALID_TRANSITION');

      const issued = await issue(s, a, r.id);
      expect(issued.status).toBe('ISSUED');
    });

    it('an opinion recorded with its handling cannot be handled again', async () => {
      const r = await draftResolution(s, a);
      await submit(s, a, r.id);
      const recorded = ok(
        await s.gql(a.secretariat, Ops.opinion, {
          input: {
            resolutionId: r.id,
            givenBy: 'Ban Tổ chức',
            opinion: 'Bổ sung chỉ tiêu',
            handling: 'ACCEPTED',
            response: 'Đã bổ sung',
          },
        }),
      ).recordReviewOpinion;
      const e = failure(
        await handle(a.secretariat, {
          resolutionId: r.id,
          opinionId: recorded.reviewOpinions[0].id,
          handling: 'EXPLAINED',
          response: 'x',
        }),
      );
      expect(e.code).toBe('INVALID_TRANSITION');
    });

    it('may handle an opinion after the draft was returned (DRAFT)', async () => {
      const r = await inReviewWithOpenOpinion();
      ok(await s.gql(a.standing, Q.returnToDraft, { id: r.id, reason: 'sửa lại' }));
      const handled = ok(
        await handle(a.secretariat, {
          resolutionId: r.id,
          opinionId: r.opinionId,
          handling: 'ACCEPTED',
          response: 'Đã sửa',
        }),
      ).recordOpinionHandling;
      expect(handled.handling).toBe('ACCEPTED');
    });

    it('is idempotent: the same commandId answers the opinion as first handled, writes nothing', async () => {
      const r = await inReviewWithOpenOpinion();
      const input = {
        commandId: cid(),
        resolutionId: r.id,
        opinionId: r.opinionId,
        handling: 'ACCEPTED',
        response: 'Tiếp thu',
      };
      const first = ok(await handle(a.secretariat, input)).recordOpinionHandling;
      const head = await s.head();
      const second = ok(await handle(a.secretariat, input)).recordOpinionHandling;
      expect(second).toEqual(first);
      expect(await s.head()).toBe(head);
    });

    it('checks in the contract order', async () => {
      const r = await inReviewWithOpenOpinion();
      const base = {
        resolutionId: r.id,
        opinionId: r.opinionId,
        handling: 'ACCEPTED',
        response: 'ok',
      };
      const head = await s.head();
      // FORBIDDEN (role) before BAD_USER_INPUT (shape)
      expect(failure(await handle(a.standing, { ...base, response: ' ' })).code).toBe('FORBIDDEN');
      expect(failure(await handle(a.member, base)).code).toBe('FORBIDDEN');
      // BAD_USER_INPUT (shape) before NOT_FOUND
      const blank = failure(
        await handle(a.secretariat, { ...base, resolutionId: 'nope', response: ' ' }),
      );
      expect(blank.code).toBe('BAD_USER_INPUT');
      expect(blank.message).toMatch(/response/);
      // NOT_FOUND for the resolution addressed
      expect(failure(await handle(a.secretariat, { ...base, resolutionId: 'nope' })).code).toBe(
        'NOT_FOUND',
      );
      // an unknown opinionId: state-dependent BAD_USER_INPUT naming it
      const unknown = failure(await handle(a.secretariat, { ...base, opinionId: 'op-unknown' }));
      expect(unknown.code).toBe('BAD_USER_INPUT');
      expect(unknown.message).toMatch(/opinionId/);
      // CONCURRENCY_CONFLICT before INVALID_TRANSITION and the unknown opinion
      expect(
        failure(
          await handle(a.secretariat, { ...base, opinionId: 'op-unknown', expectedVersion: 0 }),
        ).code,
      ).toBe('CONCURRENCY_CONFLICT');
      expect(await s.head()).toBe(head);

      // INVALID_TRANSITION (status) before the unknown opinionId
      const { resolution } = await issuedResolution(s, a);
      const late = failure(
        await handle(a.secretariat, {
          ...base,
          resolutionId: resolution.id,
          opinionId: 'op-unknown',
        }),
      );
      expect(late.code).toBe('INVALID_TRANSITION');
    });

    it('writes ReviewOpinionHandled on the resolution stream', async () => {
      const r = await inReviewWithOpenOpinion();
      const c = cid();
      ok(
        await handle(a.secretariat, {
          commandId: c,
          resolutionId: r.id,
          opinionId: r.opinionId,
          handling: 'EXPLAINED',
          response: 'Giải trình',
        }),
      );
      const trail = ok(
        await s.gql(
          a.auditor,
          `query($id: ID!) { auditTrail(resolutionId: $id) { edges { node { type streamId commandId data } } } }`,
          { id: r.id },
        ),
      ).auditTrail.edges.map((e: any) => e.node);
      const last = trail[trail.length - 1];
      expect(last).toMatchObject({
        type: 'ReviewOpinionHandled',
        streamId: `resolution-${r.id}`,
        commandId: c,
        data: {
          resolutionId: r.id,
          opinionId: r.opinionId,
          handling: 'EXPLAINED',
          response: 'Giải trình',
        },
      });
    });
  });

  describe('terms', () => {
    it.each(['ANNUAL', 'CONCLUSION'])('a %s may cover a single year', async (kind) => {
      const r = await draftResolution(s, a, { kind, termStart: 2024, termEnd: 2024 });
      expect(r).toMatchObject({ kind, termStart: 2024, termEnd: 2024 });
    });

    it('a CONGRESS term needs termEnd > termStart; no term ends before it starts', async () => {
      for (const input of [
        { kind: 'CONGRESS', termStart: 2024, termEnd: 2024 },
        { kind: 'ANNUAL', termStart: 2024, termEnd: 2023 },
      ]) {
        const e = failure(
          await s.gql(a.secretariat, Q.draft, { input: { title: 'Nghị quyết', ...input } }),
        );
        expect(e.code).toBe('BAD_USER_INPUT');
        expect(e.message).toMatch(/termEnd/);
      }
    });
  });

  describe('supersede', () => {
    it('links the replaced resolution and its replacement both ways', async () => {
      const old = (await issuedResolution(s, a)).resolution;
      const replacement = (await issuedResolution(s, a)).resolution;
      const superseded = ok(
        await s.gql(a.standing, Ops.supersede, {
          id: old.id,
          by: replacement.id,
          reason: 'nhiệm kỳ mới',
        }),
      ).supersedeResolution;
      expect(superseded).toEqual({
        id: old.id,
        status: 'SUPERSEDED',
        supersededBy: { id: replacement.id, code: replacement.code },
        supersedes: [],
      });
      const read = ok(await s.gql(a.auditor, Ops.relations, { id: replacement.id })).resolution;
      expect(read).toEqual({
        id: replacement.id,
        status: 'ISSUED',
        supersededBy: null,
        supersedes: [{ id: old.id, status: 'SUPERSEDED' }],
      });
    });

    it('supersededBy must be another existing resolution in force, else BAD_USER_INPUT naming it', async () => {
      const target = (await issuedResolution(s, a)).resolution;
      const draft = await draftResolution(s, a);
      const inReview = await draftResolution(s, a);
      await submit(s, a, inReview.id);
      const gone = (await issuedResolution(s, a)).resolution;
      const by = (await issuedResolution(s, a)).resolution;
      ok(await s.gql(a.standing, Ops.supersede, { id: gone.id, by: by.id, reason: 'thay thế' }));
      const withdrawn = await draftResolution(s, a);
      ok(
        await s.gql(
          a.standing,
          `mutation($id: ID!) { withdrawResolution(resolutionId: $id, reason: "rút") { id } }`,
          { id: withdrawn.id },
        ),
      );
      const head = await s.head();
      for (const bad of [
        'no-such-resolution',
        target.id,
        draft.id,
        inReview.id,
        gone.id,
        withdrawn.id,
      ]) {
        const e = failure(
          await s.gql(a.standing, Ops.supersede, { id: target.id, by: bad, reason: 'thay thế' }),
        );
        expect({ bad, code: e.code }).toEqual({ bad, code: 'BAD_USER_INPUT' });
        expect(e.message).toMatch(/supersededBy/);
      }
      expect(await s.head()).toBe(head);
    });

    it('checks in order: FORBIDDEN, NOT_FOUND, INVALID_TRANSITION before the replacement', async () => {
      const draft = await draftResolution(s, a);
      expect(
        failure(await s.gql(a.secretariat, Ops.supersede, { id: draft.id, by: 'x', reason: 'r' }))
          .code,
      ).toBe('FORBIDDEN');
      expect(
        failure(await s.gql(a.standing, Ops.supersede, { id: 'missing', by: 'x', reason: 'r' }))
          .code,
      ).toBe('NOT_FOUND');
      expect(
        failure(await s.gql(a.standing, Ops.supersede, { id: draft.id, by: 'x', reason: 'r' }))
          .code,
      ).toBe('INVALID_TRANSITION');
    });
  });

  describe('provenance: Target.source', () => {
    it('keeps the source given with the target, null when none', async () => {
      const r = await draftResolution(s, a);
      const withSource = ok(
        await s.gql(
          a.secretariat,
          `mutation($input: DefineTargetInput!) { defineTarget(input: $input) { id code source } }`,
          {
            input: {
              resolutionId: r.id,
              code: 'S1',
              group: 'Kinh tế',
              name: 'Thu ngân sách',
              unit: 'tỷ đồng',
              kind: 'LEVEL',
              comparison: 'AT_LEAST',
              baselineYear: 2020,
              targetValue: '200',
              dueYear: 2025,
              source: 'Báo Bắc Kạn, "Tích cực đưa Nghị quyết của Đảng vào cuộc sống"',
            },
          },
        ),
      ).defineTarget;
      expect(withSource.source).toBe(
        'Báo Bắc Kạn, "Tích cực đưa Nghị quyết của Đảng vào cuộc sống"',
      );
      await defineTarget(s, a, r.id, { code: 'S2', kind: 'LEVEL', targetValue: '1' });
      const read = ok(
        await s.gql(
          a.auditor,
          `query($id: ID!) { resolution(id: $id) { targets { code source } } }`,
          {
            id: r.id,
          },
        ),
      ).resolution;
      expect(read.targets).toEqual([
        { code: 'S1', source: withSource.source },
        { code: 'S2', source: null },
      ]);
    });
  });

  describe('audit of an unknown id', () => {
    it('verifyIntegrity and verifyReview answer NOT_FOUND, never intact', async () => {
      const integrity = failure(
        await s.gql(
          a.auditor,
          `{ verifyIntegrity(resolutionId: "no-such-id") { intact checkedEvents } }`,
        ),
      );
      expect(integrity.code).toBe('NOT_FOUND');
      const review = failure(
        await s.gql(a.auditor, `{ verifyReview(id: "no-such-id") { matches } }`),
      );
      expect(review.code).toBe('NOT_FOUND');
    });

    it('a known resolution is still verified', async () => {
      const { resolution } = await issuedResolution(s, a);
      const report = ok(
        await s.gql(
          a.auditor,
          `query($id: ID!) { verifyIntegrity(resolutionId: $id) { intact checkedEvents } }`,
          {
            id: resolution.id,
          },
        ),
      ).verifyIntegrity;
      expect(report.intact).toBe(true);
      expect(report.checkedEvents).toBeGreaterThan(0);
    });
  });
});
