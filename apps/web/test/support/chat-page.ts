// One person's browser tab in the chat, driven the way a person would: labels, roles, keys.
import type { Locator, Page } from 'playwright-core';

export interface Account {
  email: string;
  username: string;
  password: string;
}

export class ChatPage {
  /** Uncaught exceptions and dialogs (an `alert` would mean injected markup ran). */
  readonly problems: string[] = [];

  constructor(
    readonly page: Page,
    readonly who: string,
  ) {
    page.on('pageerror', (err) => this.problems.push(`${who}: page error: ${err.message}`));
    page.on('dialog', (dialog) => {
      this.problems.push(`${who}: dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
  }

  get composer(): Locator {
    // "Message #design", or "Message ann" in a DM; the thread's is "Reply in the thread".
    return this.page.getByRole('textbox', { name: /^Message / });
  }

  get connection(): Locator {
    return this.page.locator('.connection');
  }

  status(): Promise<string | null> {
    return this.connection.getAttribute('data-status');
  }

  async waitForLive(timeout = 15_000): Promise<void> {
    await this.page.locator('.connection[data-status="live"]').waitFor({ timeout });
  }

  async fillSignUp(account: Account): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Sign up' });
    if (!(await form.isVisible())) await this.page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await form.getByLabel('Email').fill(account.email);
    await form.getByLabel('Username').fill(account.username);
    await form.getByLabel('Password').fill(account.password);
    await form.getByRole('button', { name: 'Create account' }).click();
  }

  async logIn(account: Pick<Account, 'email' | 'password'>): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Log in' });
    await form.getByLabel('Email').fill(account.email);
    await form.getByLabel('Password').fill(account.password);
    await form.getByRole('button', { name: 'Log in' }).click();
  }

  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press('Enter');
  }

  /** The bubble showing exactly `text`. */
  message(text: string): Locator {
    return this.page.locator('.messages__list .message__text').getByText(text, { exact: true });
  }

  /** The row (with its send status) of the message showing exactly `text`. */
  messageRow(text: string): Locator {
    return this.page
      .locator('.messages__list .message')
      .filter({ has: this.page.locator('.message__text').getByText(text, { exact: true }) });
  }

  /** Every bubble's text in the open room, top to bottom. */
  messageTexts(): Promise<string[]> {
    return this.page.locator('.messages__list .message__text').allTextContents();
  }

  /**
   * Every bubble's text in the open room, top to bottom, read the way a person would: from the
   * top of what is loaded down to the bottom, a screenful at a time (only the rows around the
   * view are in the DOM). Leaves the view at the bottom.
   */
  async readWholeRoom(): Promise<string[]> {
    const scroller = this.page.locator('.messages__scroller');
    const seen: string[] = [];
    const read = async () => {
      for (const text of await this.messageTexts()) if (!seen.includes(text)) seen.push(text);
    };
    await scroller.evaluate((el) => (el.scrollTop = 0));
    for (;;) {
      await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await read();
      const atBottom = await scroller.evaluate((el) => {
        if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return true;
        el.scrollTop += el.clientHeight / 2;
        return false;
      });
      if (atBottom) return seen;
    }
  }

  roomButton(name: string): Locator {
    return this.page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: new RegExp(`^#?\\s*${name}\\b`) });
  }

  async openRoom(name: string): Promise<void> {
    await this.roomButton(name).click();
    await this.page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  }

  /** Joins a public channel from "Browse channels", which opens it. */
  async joinRoom(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Browse channels' }).click();
    await this.page.getByRole('dialog', { name: 'Browse channels' }).getByRole('button', { name: `Join #${name}` }).click();
    await this.page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  }

  typing(): Locator {
    return this.page.getByTestId('typing');
  }
}
