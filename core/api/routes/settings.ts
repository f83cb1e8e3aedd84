import { contracts } from '../contracts/index.js';
import { canonicalSettingsPatch } from '../contracts/settings.js';
import { route } from '../router.js';

export const settingsRoutes = [
  route(contracts.settings.get, ({ services }) => services.settings.get()),
  // the settings' own validation errors are ConfigErrors: 400 with the message (core/api/errors.ts)
  route(contracts.settings.update, ({ services, body }) => services.settings.update(canonicalSettingsPatch(body.settings))),
];
