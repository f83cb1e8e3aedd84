import type { ComponentType } from 'react';
import type { RouteState } from '../router.js';

export interface ScreenProps {
  route: RouteState;
}

export interface ScreenDef {
  /** First path segment: `#/chargers` → 'chargers'. */
  path: string;
  title: string;
  /** Shown in the sidebar (detail screens reached by links set false). */
  nav: boolean;
  /** A one- or two-character glyph for the sidebar. */
  icon: string;
  component: ComponentType<ScreenProps>;
}
