import type { Express } from 'express';
import type { ChatFile } from '../domain/chat.js';
import { userText } from '../domain/error-text.js';
import { isAppError } from '../domain/errors.js';
import type { Logger } from '../ops/logger.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * GET `<path>/:token` — a workbook offered in the chat as a link (Teams and Slack alike), e.g. a sammanställning.
 * The token is short-lived and bound to one person, who the subject authorises again when the file is fetched.
 * Plain Swedish text on refusal; never cached.
 */
export function mountDownload(app: Express, path: string, fetchFile: (token: string) => Promise<ChatFile>, logger: Logger): void {
  app.get(`${path}/:token`, async (req, res) => {
    res.set('cache-control', 'no-store');
    res.set('referrer-policy', 'no-referrer');
    try {
      const file = await fetchFile(String(req.params.token));
      res.set('content-type', XLSX);
      res.set('content-disposition', `attachment; filename="${file.filename}"`);
      res.send(file.data);
    } catch (error) {
      const status = isAppError(error) ? (error.code === 'common.forbidden' ? 403 : 410) : 500;
      if (status === 500) logger.error({ err: { name: (error as Error).name, message: (error as Error).message } }, 'workbook download failed');
      res.status(status).type('text/plain; charset=utf-8').send(userText(error));
    }
  });
}
