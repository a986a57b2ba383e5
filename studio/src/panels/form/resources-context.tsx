// The bot's calendars, for the "Calendar" field of booking steps.
import { createContext, useContext } from 'react';
import type { Resource } from '../../api/types';

export interface ResourcesInfo {
  botId: string;
  resources: Resource[] | null;
  reload: () => void;
}

export const ResourcesContext = createContext<ResourcesInfo>({ botId: '', resources: null, reload: () => undefined });

export const useResources = () => useContext(ResourcesContext);
