// The signed-in user as every request carries it (request.user, src/web/session.ts): who they are
// and the staff roles they hold. A leaf: features, web and the layout all take it from here.
export interface Grant {
  role: 'barista' | 'manager' | 'admin';
  storeId: number | null;
  storeSlug: string | null;
  storeName: string | null;
}

export interface CurrentUser {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  /** False until the address is confirmed by its link (the layout shows a banner). */
  emailVerified: boolean;
  /** When this session was last used, to the minute (src/web/session-store.ts touchSession). */
  lastSeenAt: Date;
  grants: Grant[];
}
