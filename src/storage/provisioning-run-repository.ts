import type { Pool } from 'pg';
import type { ProvisioningEnd, ProvisioningRun, ProvisioningRuns, ProvisioningStatus, Transaction } from '../domain/provisioning-ports';
import type { ProvisioningData, ProvisioningFailure, ProvisioningStep } from '../domain/team-provisioning';

interface RunRow {
  community_id: string;
  status: ProvisioningStatus;
  step: ProvisioningStep | 'done';
  data: ProvisioningData;
  run: number;
  holder: string | null;
  last_error: string | null;
  failure: ProvisioningFailure | null;
}

const COLUMNS = 'community_id::text, status, step, data, run, holder, last_error, failure';

/** The team_provisionings table: each community's provisioning state, which its jobs move forward. */
export class PgProvisioningRuns implements ProvisioningRuns {
  constructor(private readonly pool: Pool) {}

  async find(communityId: string): Promise<ProvisioningRun | undefined> {
    const { rows } = await this.pool.query<RunRow>(`SELECT ${COLUMNS} FROM team_provisionings WHERE community_id = $1`, [communityId]);
    return rows[0] && toRun(rows[0]);
  }

  async underway(): Promise<ProvisioningRun[]> {
    const { rows } = await this.pool.query<RunRow>(`SELECT ${COLUMNS} FROM team_provisionings WHERE status = 'underway' ORDER BY community_id`);
    return rows.map(toRun);
  }

  async lock(tx: Transaction, communityId: string): Promise<ProvisioningRun | undefined> {
    const { rows } = await tx.executeSql(`SELECT ${COLUMNS} FROM team_provisionings WHERE community_id = $1 FOR UPDATE`, [communityId]);
    return rows[0] ? toRun(rows[0] as RunRow) : undefined;
  }

  async create(tx: Transaction, data: ProvisioningData): Promise<ProvisioningRun | undefined> {
    const { rows } = await tx.executeSql(
      `INSERT INTO team_provisionings (community_id, data) VALUES ($1, $2) ON CONFLICT (community_id) DO NOTHING RETURNING ${COLUMNS}`,
      [data.communityId, JSON.stringify(data)],
    );
    return rows[0] ? toRun(rows[0] as RunRow) : undefined;
  }

  async restart(tx: Transaction, communityId: string): Promise<ProvisioningRun> {
    const { rows } = await tx.executeSql(
      `UPDATE team_provisionings SET status = 'underway', run = run + 1, holder = NULL, last_error = NULL, failure = NULL, updated_at = now()
        WHERE community_id = $1 RETURNING ${COLUMNS}`,
      [communityId],
    );
    return toRun(rows[0] as RunRow);
  }

  async claim(communityId: string, run: number, holder: string): Promise<ProvisioningRun | undefined> {
    const { rows } = await this.pool.query<RunRow>(
      `UPDATE team_provisionings SET holder = $3, updated_at = now()
        WHERE community_id = $1 AND run = $2 AND status = 'underway' RETURNING ${COLUMNS}`,
      [communityId, run, holder],
    );
    return rows[0] && toRun(rows[0]);
  }

  async saveStep(communityId: string, holder: string, step: ProvisioningStep, data: ProvisioningData, tx?: Transaction): Promise<boolean> {
    const { rows } = await this.executor(tx)(
      `UPDATE team_provisionings SET step = $3, data = $4, last_error = NULL, updated_at = now()
        WHERE community_id = $1 AND holder = $2 AND status = 'underway' RETURNING 1`,
      [communityId, holder, step, JSON.stringify(data)],
    );
    return rows.length === 1;
  }

  async handOver(tx: Transaction, communityId: string, holder: string, data: ProvisioningData, reason: string): Promise<number | undefined> {
    const { rows } = await tx.executeSql(
      `UPDATE team_provisionings SET data = $3, run = run + 1, holder = NULL, last_error = $4, updated_at = now()
        WHERE community_id = $1 AND holder = $2 AND status = 'underway' RETURNING run`,
      [communityId, holder, JSON.stringify(data), reason],
    );
    return (rows[0] as { run: number } | undefined)?.run;
  }

  async finish(communityId: string, holder: string, end: ProvisioningEnd, tx?: Transaction): Promise<boolean> {
    const failure = end.status === 'failed' ? end.failure : null;
    const { rows } = await this.executor(tx)(
      `UPDATE team_provisionings
          SET status = $3, step = CASE WHEN $3 = 'succeeded' THEN 'done' ELSE step END, data = $4,
              failure = $5, last_error = $6, holder = NULL, updated_at = now()
        WHERE community_id = $1 AND holder = $2 AND status = 'underway' RETURNING 1`,
      [communityId, holder, end.status, JSON.stringify(end.data), failure && JSON.stringify(failure), failure && JSON.stringify(failure)],
    );
    return rows.length === 1;
  }

  private executor(tx: Transaction | undefined): (text: string, values: unknown[]) => Promise<{ rows: unknown[] }> {
    return tx ? (text, values) => tx.executeSql(text, values) : (text, values) => this.pool.query(text, values);
  }

  async failRun(communityId: string, run: number, failure: ProvisioningFailure, tx?: Transaction): Promise<ProvisioningRun | undefined> {
    const { rows } = await this.executor(tx)(
      `UPDATE team_provisionings SET status = 'failed', failure = $3, last_error = $4, holder = NULL, updated_at = now()
        WHERE community_id = $1 AND run = $2 AND status = 'underway' RETURNING ${COLUMNS}`,
      [communityId, run, JSON.stringify(failure), JSON.stringify(failure)],
    );
    const row = rows[0] as RunRow | undefined;
    return row && toRun(row);
  }
}

function toRun(r: RunRow): ProvisioningRun {
  return {
    communityId: r.community_id,
    status: r.status,
    step: r.step,
    data: r.data,
    run: r.run,
    holder: r.holder,
    lastError: r.last_error,
    failure: r.failure,
  };
}
