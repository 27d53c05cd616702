import type { EndpointSpec } from '@/lib/http/endpoint';
import * as attachments from './attachments/endpoints';
import * as audit from './audit/endpoints';
import * as jobs from './jobs/endpoints';
import * as notifications from './notifications/endpoints';
import * as parameters from './parameters/endpoints';
import * as partdata from './partdata/endpoints';
import * as parts from './parts/endpoints';
import * as settings from './settings/endpoints';
import * as stock from './stock/endpoints';
import * as stockops from './stockops/endpoints';
import * as system from './system/endpoints';
import * as users from './users/endpoints';

/**
 * Every API endpoint, by module. `scripts/gen-routes.ts` writes one thin `app/api/.../route.ts`
 * per endpoint from this list, and `/api/schema/` documents exactly these.
 */
export const registry = {
  attachments,
  audit,
  jobs,
  notifications,
  parameters,
  partdata,
  parts,
  settings,
  stock,
  stockops,
  system,
  users,
} as const;

export function allEndpoints(): EndpointSpec[] {
  return Object.values(registry).flatMap((mod) => Object.values(mod) as EndpointSpec[]);
}
