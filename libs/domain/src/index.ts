// The public surface of the domain: pure deciders, rules and event contracts of both families.
// Each family has its own decide/evolve/initialState; they are exported under family names.

export * from './errors.js';
export * from './event-meta.js';
export type { CommandContext } from './command-context.js';

// catalog
export * from './catalog/catalog-package.events.js';
export type * from './catalog/catalog-package.commands.js';
export {
  initialState as initialCatalogPackageState,
  evolve as evolveCatalogPackage,
  liveVersionSets,
  packageFields,
  componentKey,
  type AuditFields,
  type CatalogPackageState,
  type ComponentState,
  type ReleaseState,
  type DeletedCatalogPackage,
  type LiveCatalogPackage,
  type VersionSetState,
} from './catalog/catalog-package.state.js';
export { decide as decideCatalogPackage } from './catalog/catalog-package.decider.js';
export * from './catalog/catalog-package.rules.js';
export * from './catalog/catalog-component.rules.js';
export * from './catalog/catalog-release.rules.js';
export { requireComponent } from './catalog/catalog-component.decider.js';
export { requireRelease } from './catalog/catalog-release.decider.js';
export { requireVersionSet } from './catalog/catalog-version-set.decider.js';

// accounts
export * from './accounts/account-package.events.js';
export type * from './accounts/account-package.commands.js';
export {
  initialState as initialAccountPackageState,
  evolve as evolveAccountPackage,
  type AccountPackageState,
  type DeletedAccountPackage,
  type LiveAccountPackage,
} from './accounts/account-package.state.js';
export { decide as decideAccountPackage } from './accounts/account-package.decider.js';
export * from './accounts/account-package.rules.js';
export * from './accounts/account-package.transitions.js';
export { SPEC_FIELDS as ACCOUNT_PACKAGE_SPEC_FIELDS } from './accounts/account-package.put.js';
export * from './accounts/package-version.js';
export * from './accounts/package-verification.js';

// webhooks
export * from './webhooks/webhook.events.js';
export type * from './webhooks/webhook.commands.js';
export {
  initialState as initialWebhookState,
  evolve as evolveWebhook,
  webhookFields,
  type DeletedWebhook,
  type LiveWebhook,
  type WebhookState,
} from './webhooks/webhook.state.js';
export { decide as decideWebhook } from './webhooks/webhook.decider.js';
export * from './webhooks/webhook.rules.js';
