import type { NodeHandler } from '../../engine/node-handler';

function isSuccess(data: unknown): data is { status: number; body: unknown } {
  const status = (data as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 200 && status < 300;
}

export const webhookActionHandler: NodeHandler<'webhook_action'> = {
  enter(config, rt) {
    const token = rt.newId();
    const headers = Object.fromEntries(Object.entries(config.headers ?? {}).map(([k, v]) => [k, rt.render(v ?? '')]));
    const method = config.method ?? 'POST';
    rt.emit({
      type: 'http_request',
      nodeId: rt.nodeId,
      token,
      request: {
        url: rt.renderUrl(config.url),
        method,
        headers,
        body: method === 'GET' || config.body === undefined ? undefined : rt.renderDeep(config.body),
        timeoutMs: config.timeout_ms ?? 10_000,
      },
    });
    return { kind: 'wait', for: 'effect', token };
  },
  onEffectResult(config, result, _wait, rt) {
    if (result.ok && isSuccess(result.data)) {
      if (config.store_response_in) rt.set(config.store_response_in, result.data.body);
      return { kind: 'next', handle: 'success' };
    }
    const status = (result.data as { status?: number } | undefined)?.status;
    const reason = result.error ?? `the server answered ${status ?? 'with an error'}`;
    rt.note(`webhook failed: ${reason}`, { kind: 'webhook_failed', detail: reason });
    if (config.store_response_in) rt.set(config.store_response_in, { error: reason, status: status ?? null });
    return { kind: 'next', handle: 'failure' };
  },
};
