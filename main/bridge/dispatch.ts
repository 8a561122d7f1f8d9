/**
 * The one place where calls from the renderer are validated and answered.
 * Used by Electron IPC (main/app/ipc.ts) and by the loopback test host alike.
 */
import { contract, type Namespace, type ServiceImpl } from '../../preload/contract';
import { type AppError, type Result } from '../../preload/views';
import { isUserError } from '../errors/user-error';

/** Calls one method by name with an untrusted payload. */
export type Dispatch = (namespace: string, method: string, payload: unknown) => Promise<Result<unknown>>;

type AnyMethod = (request: unknown) => Promise<unknown>;
type Schema = {
  safeParse(
    value: unknown,
  ): { success: true; data: unknown } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
};

/** Logger for unexpected failures; must never receive secrets (services redact before throwing). */
export type FailureLog = (where: string, error: unknown) => void;

function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * Builds the dispatcher: unknown names and invalid payloads are refused before any
 * service code runs; responses are parsed through their schema too, which strips
 * any field the contract does not declare (so nothing undeclared, such as a secret,
 * can ride along).
 */
export function createDispatch(services: ServiceImpl, logFailure: FailureLog = () => {}): Dispatch {
  return async (namespace, method, payload) => {
    const spec = Object.hasOwn(contract, namespace) ? (contract[namespace as Namespace] as Record<string, { request: Schema; response: Schema }>) : undefined;
    const entry = spec && Object.hasOwn(spec, method) ? spec[method] : undefined;
    if (!entry) {
      return fail({ code: 'unknown_method', message: `There is no method ${namespace}.${method}.` });
    }
    const request = entry.request.safeParse(payload);
    if (!request.success) {
      return fail({
        code: 'invalid_request',
        message: `The request to ${namespace}.${method} was not valid: ${describeIssues(request.error.issues)}.`,
      });
    }
    const impl = (services[namespace as Namespace] as Record<string, AnyMethod>)[method];
    if (!impl) {
      return fail({ code: 'unknown_method', message: `${namespace}.${method} is not implemented by this host.` });
    }
    try {
      const raw = await impl(request.data);
      const response = entry.response.safeParse(raw);
      if (!response.success) {
        logFailure(`${namespace}.${method} response`, describeIssues(response.error.issues));
        return fail({ code: 'internal', message: `SimFleet produced an invalid answer to ${namespace}.${method}; please report this.` });
      }
      return { ok: true, value: response.data };
    } catch (error) {
      if (isUserError(error)) return fail(error.toValue());
      logFailure(`${namespace}.${method}`, error);
      return fail({ code: 'internal', message: `Unexpected failure in ${namespace}.${method}; the details are in the log.` });
    }
  };
}

function fail(error: AppError): Result<never> {
  return { ok: false, error };
}
