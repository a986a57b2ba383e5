// Whether the open editor is read-only: viewers and agents can look at a flow but not change it.
import { createContext, useContext } from 'react';

export const ReadOnlyContext = createContext(false);

export function useReadOnly(): boolean {
  return useContext(ReadOnlyContext);
}
