import { Field, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { CommunityHealth } from '../../../http/tab-api-contract';
import { formatDate, localized, useStrings, type TabLocale } from '../../i18n';
import { Show, useCommonStyles, useLoad } from '../../shell/common';
import { useSession } from '../../shell/session';
import { organisedCommunities } from '../organised-communities';

const useStyles = makeStyles({
  table: { borderCollapse: 'collapse', '& th, & td': { textAlign: 'start', padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` } },
  barCell: { width: '100%', minWidth: '6rem' },
  bar: { height: '0.75rem', backgroundColor: tokens.colorBrandBackground, borderRadius: tokens.borderRadiusSmall, forcedColorAdjust: 'none', '@media (forced-colors: active)': { backgroundColor: 'CanvasText' } },
  figures: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))', gap: tokens.spacingHorizontalM, margin: 0, '& dd': { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold } },
});

const monthName = (month: string, locale: TabLocale): string => {
  const [year, number] = month.split('-').map(Number);
  if (!year || !number) return month;
  return new Intl.DateTimeFormat(locale === 'fr-CA' ? 'fr-CA' : 'en-CA', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, number - 1, 15)));
};

/** Organisers only: members over time (a table, with bars drawn beside the figures), interests, meetings, attendance, the yearly rule. */
export function HealthView() {
  const { api } = useSession();
  const { t, locale } = useStrings();
  const common = useCommonStyles();
  const communities = useLoad(() => organisedCommunities(api), 'organised');
  const [chosen, setChosen] = useState('');
  const slug = chosen || (communities.loaded.state === 'ready' ? (communities.loaded.value[0]?.slug ?? '') : '');
  const health = useLoad(
    () => (slug ? api.get<CommunityHealth>(`/api/communities/${encodeURIComponent(slug)}/health`) : Promise.resolve(null)),
    `${slug}:${locale}`,
  );

  return (
    <section className={common.section} aria-labelledby="health-heading">
      <h2 id="health-heading" className={common.heading}>
        {t.health.heading}
      </h2>
      <Show loaded={communities.loaded} onRetry={communities.reload}>
        {(list) =>
          list.length === 0 ? (
            <p className={common.paragraph}>{t.health.none}</p>
          ) : (
            <>
              <Field label={t.health.choose}>
                <Select value={slug} onChange={(_event, data) => setChosen(data.value)}>
                  {list.map((community) => (
                    <option key={community.slug} value={community.slug}>
                      {localized(community.name, locale)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Show loaded={health.loaded} onRetry={health.reload}>
                {(figures) => figures && <HealthFigures health={figures} />}
              </Show>
            </>
          )
        }
      </Show>
    </section>
  );
}

function HealthFigures({ health }: { readonly health: CommunityHealth }) {
  const { t, locale } = useStrings();
  const common = useCommonStyles();
  const styles = useStyles();
  const most = Math.max(1, ...health.membersOverTime.map((point) => point.members));
  return (
    <>
      <dl className={styles.figures} data-health={health.community.slug}>
        <div>
          <dt>{t.health.interests}</dt>
          <dd>{health.interests}</dd>
        </div>
        <div>
          <dt>{t.health.meetingsHeld}</dt>
          <dd>{health.meetingsHeld}</dd>
        </div>
        <div>
          <dt>{t.health.attendance}</dt>
          <dd>{health.attendanceRate === null ? t.health.noAttendance : new Intl.NumberFormat(locale, { style: 'percent' }).format(health.attendanceRate)}</dd>
        </div>
        <div>
          <dt>{t.health.lastInPerson}</dt>
          <dd>{health.lastInPersonMeeting ? formatDate(health.lastInPersonMeeting, locale) : t.health.never}</dd>
        </div>
        <div>
          <dt>{t.health.yearlyRule}</dt>
          <dd>{health.yearlyRuleMet ? `✔ ${t.health.ruleMet}` : `✘ ${t.health.ruleNotMet}`}</dd>
        </div>
      </dl>
      <h3 className={common.subheading} id="members-over-time">
        {t.health.membersOverTime}
      </h3>
      <table className={styles.table} aria-labelledby="members-over-time">
        <thead>
          <tr>
            <th scope="col">{t.health.month}</th>
            <th scope="col">{t.health.members}</th>
            <td aria-hidden="true" />
          </tr>
        </thead>
        <tbody>
          {health.membersOverTime.map((point) => (
            <tr key={point.month}>
              <th scope="row">{monthName(point.month, locale)}</th>
              <td>{point.members}</td>
              <td className={styles.barCell} aria-hidden="true">
                <div className={styles.bar} style={{ width: `${(100 * point.members) / most}%` }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
