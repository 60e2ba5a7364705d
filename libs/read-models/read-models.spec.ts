import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelSuite } from '../read-models-testing/read-model-suite';
import { startPostgres, type TestPostgres } from '../../test/support/postgres';
import { openPostgresReadModel, openSqliteReadModel } from './read-model-dialects';

readModelSuite('SQLite', () =>
  openSqliteReadModel(join(mkdtempSync(join(tmpdir(), 'rm-sqlite-')), 'read-models.db')),
);

describe('on a real PostgreSQL', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres(['read_models']);
  }, 120_000);
  afterAll(() => pg?.stop());

  readModelSuite('PostgreSQL', () => openPostgresReadModel(pg.url('read_models')));
});
