export const DEADLINE_POLICY = Symbol('DEADLINE_POLICY');
