/**
 * A banner for the carer when scam calls are being made to homes in the district of the person they look after
 * (`GET /api/residents/:id/campaign-alerts`): the same plain words the warning email uses. Nothing shows otherwise.
 */
import { z } from 'zod';
import { campaignAlertSchema } from '../../../src/http/care-schemas.js';
import { pathPart } from '../api/client.js';
import { useLoad } from '../components/use-load.js';
import type { Session } from '../pages.js';
import { readableNumber, readableTime } from '../words.js';

export function CampaignBanner(props: { session: Session; residentId: number; name: string }) {
  const { session, residentId, name } = props;
  const alerts = useLoad(
    () => session.api.get(`/api/residents/${pathPart(residentId)}/campaign-alerts`, z.array(campaignAlertSchema)),
    [session, residentId],
  );
  // A banner that cannot load is left out rather than shown as an error: the call list below still says what happened.
  if (alerts.state !== 'ready' || alerts.value.length === 0) return null;
  return (
    <section className="campaign-banner" aria-labelledby="campaign-banner-title">
      <h2 id="campaign-banner-title">Scam calls in your area</h2>
      {alerts.value.map((alert) => (
        <div key={alert.campaignId} className="campaign-alert">
          <p className="campaign-headline">{alert.headline}</p>
          <p>{alert.advice}</p>
          <p>
            {name} lives in {alert.district}. The latest call was on {readableTime(alert.lastCall)}.
            {alert.numbers.length > 0 && (
              <>
                {' '}
                Numbers used so far:{' '}
                {alert.numbers
                  .slice(0, 3)
                  .map((n) => readableNumber(n))
                  .join(', ')}
                {alert.numbers.length > 3 ? ' and others' : ''}.
              </>
            )}
          </p>
        </div>
      ))}
    </section>
  );
}
