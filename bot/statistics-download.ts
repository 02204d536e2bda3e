import type { Express } from 'express';
import { userText } from '../domain/error-text.js';
import { isAppError } from '../domain/errors.js';
import type { Logger } from '../ops/logger.js';
import { DOWNLOAD_PATH, statisticsWorkbook, type StatisticsDeps } from './conversation/features/statistics.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * GET /download/sammanstallning/:token — the workbook offered in the chat (Teams and Slack alike). The token is
 * short-lived and bound to one person, who is authorised again when the file is fetched. Plain Swedish text on
 * refusal; never cached.
 */
export function mountStatisticsDownload(app: Express, deps: StatisticsDeps, logger: Logger): void {
  app.get(`${DOWNLOAD_PATH}/:token`, async (req, res) => {
    res.set('cache-control', 'no-store');
    res.set('referrer-policy', 'no-referrer');
    try {
      const file = await statisticsWorkbook(deps, String(req.params.token));
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
