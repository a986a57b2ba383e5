import type { ChannelPort } from '../../ports/channel';

/** The studio's simulator: the message is "delivered" the moment it is stored; the API returns it. */
export const simulatorChannel: ChannelPort = {
  send: async () => ({ status: 'delivered' }),
};
