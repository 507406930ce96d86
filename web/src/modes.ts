import type { WidgetContext } from './context';
import type { ViewMode } from './types';

/**
 * The panel's view mode — `closed`, `minimized`, `normal`, `maximized` — and the public events of its changes (`open`,
 * `close`, `minimize`, `maximize`, each with `previousMode` where the contract has it). An embedded panel never closes
 * nor collapses: there is no launcher to come back with, and a collapsed panel would leave an empty box in the page.
 */
export class ViewModes {
  mode: ViewMode;
  private lastSize: 'normal' | 'maximized' = 'normal';

  /**
   * @param setMode shows a mode (view, skeleton, and what follows it)
   * @param focusInput puts focus into the composer
   */
  constructor(
    private readonly w: WidgetContext,
    private readonly embedded: boolean,
    private readonly setMode: (mode: ViewMode) => void,
    private readonly focusInput: () => void,
  ) {
    this.mode = embedded ? 'normal' : 'closed';
  }

  private set(mode: ViewMode): void {
    this.mode = mode;
    this.setMode(mode);
  }

  private emit(name: 'open' | 'close' | 'minimize' | 'maximize', previousMode?: ViewMode): void {
    const sessionId = this.w.model.sessionId;
    this.w.emit(name, (previousMode ? { previousMode, mode: this.mode, sessionId } : { sessionId }) as never);
  }

  open(): void {
    const prev = this.mode;
    if (this.w.destroyed() || (prev !== 'closed' && prev !== 'minimized')) return;
    this.set(this.lastSize);
    if (prev === 'closed') this.emit('open');
    else this.emit('maximize', prev);
    this.focusInput();
  }

  close(): void {
    if (this.w.destroyed() || this.embedded || this.mode === 'closed') return;
    this.set('closed');
    this.emit('close');
  }

  minimize(): void {
    const prev = this.mode;
    if (this.w.destroyed() || this.embedded || (prev !== 'normal' && prev !== 'maximized')) return;
    this.set('minimized');
    this.emit('minimize', prev);
  }

  maximize(): void {
    const prev = this.mode;
    if (this.w.destroyed() || prev === 'maximized') return;
    this.lastSize = 'maximized';
    this.set('maximized');
    if (prev === 'closed') this.emit('open');
    this.emit('maximize', prev);
    this.focusInput();
  }

  /** The launcher: opens or closes. */
  toggle(): void {
    if (this.mode === 'closed') this.open();
    else this.close();
  }

  /** The header's minimize button: collapses, or restores from the header bar. */
  toggleMinimized(): void {
    if (this.mode === 'minimized') this.open();
    else this.minimize();
  }

  /** The maximize button: enlarges, or on a maximized panel goes back to the normal size. */
  toggleMaximized(): void {
    if (this.mode !== 'maximized') return this.maximize();
    this.lastSize = 'normal';
    this.set('normal');
    this.emit('minimize', 'maximized');
  }
}
