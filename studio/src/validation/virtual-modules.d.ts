declare module 'virtual:botloom-validators' {
  export const validatorsById: Record<string, ((data: unknown) => boolean) & { errors?: unknown[] | null }>;
}
