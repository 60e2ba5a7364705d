/**
 * Containers cannot run on these machines, so the compose file is checked against the code: the
 * services and healthchecks exist, and every variable it sets is one the code actually reads.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every environment variable the server, projector and their libraries read. */
const readByCode = new Set(
  [...sources(join(root, 'apps')), ...sources(join(root, 'libs'))].flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z0-9_]+)/g)].map((m) => m[1]),
  ),
);

describe('docker-compose.yml', () => {
  it('has the production services, each with a healthcheck', () => {
    for (const name of ['eventstore', 'postgres', 'api', 'projector'])
      expect(compose.services[name]).toBeDefined();
    for (const name of ['eventstore', 'postgres', 'api', 'projector'])
      expect(compose.services[name].healthcheck?.test).toBeDefined();
  });

  it.each(['api', 'projector'])(
    '%s sets only variables the code reads, and the ones it needs',
    (name) => {
      const env = compose.services[name].environment as Record<string, string>;
      for (const key of Object.keys(env))
        expect({ key, read: readByCode.has(key) }).toEqual({ key, read: true });
      expect(env.EVENTSTORE_CONNECTION_STRING).toMatch(
        /^(\$\{EVENTSTORE_CONNECTION_STRING:-)?esdb:\/\//,
      );
      expect(env.READ_MODEL_URL).toMatch(/^postgres:\/\//);
      expect(env.AUTH_JWT_SECRET ?? env.AUTH_JWKS_URL).toBeDefined();
    },
  );

  it('runs the projections in the projector, and the API waits on its checkpoint', () => {
    expect(compose.services.api.environment.PROJECTIONS).toBe('external');
    const command: string[] = compose.services.projector.command;
    const entry = command.find((part) => part.endsWith('.ts'));
    expect(entry && existsSync(join(root, entry))).toBe(true);
    expect(compose.services.api.depends_on.eventstore.condition).toBe('service_healthy');
    expect(compose.services.api.depends_on.postgres.condition).toBe('service_healthy');
  });

  it('the API healthcheck calls the /health route the server serves', () => {
    expect(JSON.stringify(compose.services.api.healthcheck.test)).toContain('/health');
    const health = readFileSync(join(root, 'apps/api/src/health.controller.ts'), 'utf8');
    expect(health).toContain("@Get('health')");
  });

  it('has a cluster profile of three EventStoreDB nodes that gossip with each other', () => {
    const nodes = Object.entries(compose.services as Record<string, any>).filter(([, s]) =>
      (s.profiles ?? []).includes('cluster'),
    );
    expect(nodes.map(([n]) => n).sort()).toEqual(['eventstore-1', 'eventstore-2', 'eventstore-3']);
    for (const [, node] of nodes) {
      expect(node.environment.EVENTSTORE_CLUSTER_SIZE).toBe('3');
      expect(node.environment.EVENTSTORE_GOSSIP_SEED.split(',')).toHaveLength(3);
    }
  });

  it('builds a multi-stage, non-root image without dev dependencies', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    const main = /CMD \[.*"(apps\/api\/src\/main\.ts)"\]/.exec(dockerfile)?.[1];
    expect(main && existsSync(join(root, main))).toBe(true);
  });
});
