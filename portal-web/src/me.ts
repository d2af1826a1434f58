import { createContext, useContext } from 'react';
import type { Me } from './api';

/** Who is logged in (GET /api/portal/me), for the views that offer an action only to the roles allowed to do it. */
export const MeContext = createContext<Me>({ username: '', roles: [], tenantId: null, enterprises: [] });

/** Roles are composite in the realm: a token lists every role its user holds (tenant-admin lists enterprise-manager). */
export function useCan(role: 'viewer' | 'enterprise-operator' | 'enterprise-manager' | 'tenant-admin'): boolean {
  const me = useContext(MeContext);
  return me.roles.includes(role) || me.roles.includes('platform-operator');
}
