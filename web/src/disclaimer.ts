import type { WidgetContext } from './context';
import type { SyncMessage } from './conversation/types';
import { hash } from './options';
import type { NamespacedStorage } from './storage';
import type { Disclaimer } from './types';
import type { View } from './ui/view';

/**
 * The disclaimer gate: while the experience's disclaimer waits to be accepted, the composer and buttons are disabled.
 * Acceptance is remembered per experience as a hash of title and text (a changed disclaimer is asked again) and told
 * to the other tabs.
 */
export class DisclaimerGate {
  /** Set while the disclaimer waits to be accepted. */
  gated = false;
  /** Hash of the shown disclaimer's title and text. */
  disclaimerKey?: string;

  /** @param storage the experience's storage, shared by its instances */
  constructor(
    private readonly w: WidgetContext,
    private readonly storage: NamespacedStorage,
    private readonly tell: (m: SyncMessage) => void,
  ) {}

  /** Whether the skeleton's composer stays disabled: the last start showed disclaimer `key`, not accepted since. */
  skeletonGated(key: string | undefined): boolean {
    return !!key && this.storage.get('disclaimer') !== key;
  }

  /** The shell mounted with disclaimer `d` (if any): gated unless it was accepted before. */
  mount(view: View, d: Disclaimer | undefined): void {
    if (!d) return;
    this.disclaimerKey = hash(`${d.title ?? ''}\n${d.text}`);
    this.gated = this.storage.get<string>('disclaimer') !== this.disclaimerKey;
    view.gate(this.gated);
  }

  /** The visitor accepted: remembered, `disclaimerAccept`, other tabs told, focus into the composer. */
  acceptDisclaimer(): void {
    const key = this.disclaimerKey;
    if (!this.gated || !key) return;
    this.gated = false;
    this.storage.set('disclaimer', key);
    this.w.view()?.gate(false);
    this.w.emit('disclaimerAccept', { experienceId: this.w.config.experienceId });
    this.tell({ t: 'disclaimer', key });
    this.w.view()?.focusInput();
  }

  /** Another tab accepted disclaimer `key`. */
  acceptedElsewhere(key: unknown): void {
    if (!this.gated || key !== this.disclaimerKey) return;
    this.gated = false;
    this.w.view()?.gate(false);
  }
}
