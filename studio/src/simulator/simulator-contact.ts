// The simulator talks as one made-up contact per browser tab and bot: "sim-<random>".
export function simulatorContact(botId: string): string {
  const key = `botloom-simulator-contact-${botId}`;
  let id = sessionStorage.getItem(key);
  if (!id) {
    id = `sim-${crypto.randomUUID().slice(0, 12)}`;
    sessionStorage.setItem(key, id);
  }
  return id;
}
