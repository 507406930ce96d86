import type { DisclaimerGate } from './disclaimer';
import type { InitResponse, Labels } from './model';
import { hash, type initRequest } from './options';
import type { NamespacedStorage } from './storage';
import type { ViewMode } from './types';
import { Skeleton, type SkeletonActions, type Skin } from './ui/skeleton';
import type { View } from './ui/view';

/**
 * The widget before `POST /widget/init` answers: the skeleton composer (ui/skeleton.ts) in the look remembered from
 * this experience's last start for the same request, and the messages sent in it, handed over to the shell when it
 * mounts; the shell's look is then remembered for the next start.
 */
export class SkeletonPhase {
  /** The composer shown until init answers. */
  skeleton?: Skeleton;
  /** Messages sent in the skeleton, kept until the shell is mounted. */
  private held: string[] = [];
  /** Names the init request, without session and user: the skin remembered for it fits only the same request. */
  private skinKey = '';

  /** @param storage the experience's storage (`skin`) */
  constructor(private readonly storage: NamespacedStorage, private readonly disclaimer: DisclaimerGate) {}

  /**
   * Shows the skeleton in the look of this experience's last start for the same request (theme from the config, else
   * light, on a first visit); gated when that start showed a disclaimer not accepted yet.
   */
  show(
    parent: HTMLElement,
    embedded: boolean,
    body: ReturnType<typeof initRequest>,
    mode: ViewMode,
    a: SkeletonActions,
  ) {
    this.skinKey = hash(JSON.stringify({ ...body, sessionId: 0, userId: 0, userHash: 0 }));
    const stored = this.storage.get<Skin>('skin');
    const skin = stored?.key === this.skinKey ? stored : { key: '', theme: body.theme ?? 'light' };
    const s = this.skeleton = new Skeleton(
      parent,
      embedded,
      body.position ?? 'bottom-right',
      skin,
      this.disclaimer.skeletonGated(skin.disclaimer),
      { ...a, submit: (text) => (a.submit(text), this.held.push(text)) },
    );
    s.setMode(mode);
    if (mode !== 'closed') s.focus();
  }

  /** Init failed: nothing shows while the server is unreachable; what was sent is kept until it answers. */
  remove(): void {
    this.skeleton?.host.remove();
    this.skeleton = undefined;
  }

  /** The shell takes over what was typed, focus and the messages sent meanwhile (`send`), and its look is remembered. */
  takeOver(view: View, theme: InitResponse['experience']['theme'], labels: Labels, send: (text: string) => void): void {
    const s = this.skeleton;
    const input = view.el<HTMLTextAreaElement>('input');
    if (s) {
      input.value = s.input.value;
      if (s.focused()) view.focusInput();
      this.remove();
    }
    const held = this.held.splice(0);
    // A disclaimer shown only now: nothing goes out before it is accepted, so the words go back into the input.
    if (this.disclaimer.gated) input.value = [...held, input.value].filter(Boolean).join('\n');
    else held.forEach(send);
    const r = view.el('root');
    this.storage.set(
      'skin',
      {
        key: this.skinKey,
        theme: theme.mode,
        accent: theme.primaryColor,
        dir: r.dir,
        lang: r.lang,
        placeholder: input.placeholder,
        message: labels.message,
        send: labels.send,
        open: labels.openChat,
        disclaimer: this.disclaimer.disclaimerKey,
      } satisfies Skin,
    );
  }
}
