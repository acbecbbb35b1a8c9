/**
 * What every channel sender returns: delivered, or why not and whether trying again could help.
 */

export type Delivery = { ok: true } | { ok: false; error: string; permanent: boolean };

/** Sends one outbox payload (read back from the store, so validated by the sender). */
export type Sender = (payload: unknown) => Promise<Delivery>;

export const delivered: Delivery = Object.freeze({ ok: true });

export function notDelivered(error: string, permanent = false): Delivery {
  return { ok: false, error, permanent };
}
