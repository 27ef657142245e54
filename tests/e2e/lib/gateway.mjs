// Starts the real gateway executable (its own silo, real PostgreSQL) on a free port for one test file,
// in a database of its own created through psql.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// Free loopback ports, all different: each is held until every one is found.
async function freePorts(count) {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => resolve(server)).on('error', reject);
  })));
  const ports = servers.map(server => server.address().port);
  await Promise.all(servers.map(server => new Promise(resolve => server.close(resolve))));
  return ports;
}

// TICKETBOSS_TEST_PG is an Npgsql admin connection string: Host=...;Port=...;Username=...;Password=...
function adminConnection() {
  const text = process.env.TICKETBOSS_TEST_PG;
  if (!text) throw new Error('TICKETBOSS_TEST_PG is not set: run the end-to-end tests with ./test.sh.');
  const parts = Object.fromEntries(text.split(';').filter(Boolean).map(p => {
    const i = p.indexOf('=');
    return [p.slice(0, i).trim().toLowerCase(), p.slice(i + 1).trim()];
  }));
  return { text, host: parts.host, port: parts.port || '5432', user: parts.username || parts['user id'] || 'postgres', password: parts.password };
}

function psql(admin, sql) {
  execFileSync('psql', ['-h', admin.host, '-p', admin.port, '-U', admin.user, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', sql],
    { env: { ...process.env, PGPASSWORD: admin.password || '' }, stdio: 'pipe' });
}

export async function startGateway(settings = {}) {
  const admin = adminConnection();
  const database = `tb_e2e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  psql(admin, `CREATE DATABASE ${database}`);
  // The gateway co-hosts an Orleans silo, which listens on a silo port and a client-gateway port (11111 and 30000 by
  // default, which another silo on this machine may hold): ports of its own, beside the HTTP one.
  const [port, siloPort, siloGatewayPort] = await freePorts(3);
  const url = `http://127.0.0.1:${port}`;
  const connection = admin.text.replace(/Database=[^;]*/i, '').replace(/;+$/, '') + `;Database=${database}`;
  const child = spawn('dotnet', [path.join(repo, 'Api/bin/Release/net10.0/TicketBoss.Api.dll'), '--urls', url], {
    env: {
      ...process.env, ConnectionStrings__Postgres: connection, Logging__LogLevel__Default: 'Warning',
      Silo__SiloPort: String(siloPort), Silo__GatewayPort: String(siloGatewayPort), ...settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', d => { output += d; });
  child.stderr.on('data', d => { output += d; });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/health/ready`)).ok) break;
    } catch { /* not listening yet */ }
    if (i > 150 || child.exitCode !== null) throw new Error(`the gateway did not start:\n${output}`);
    await new Promise(r => setTimeout(r, 200));
  }
  return {
    url,
    get output() { return output; },
    async api(method, route, body) {
      const response = await fetch(url + route, { method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise(r => child.exitCode !== null ? r() : child.once('exit', r));
      try { psql(admin, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`); } catch { /* best effort */ }
    },
  };
}
