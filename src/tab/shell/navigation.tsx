import { Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { useStrings, type TabStrings } from '../i18n';

export type ViewId = 'communities' | 'meetings' | 'recordings' | 'health' | 'publish';

const useStyles = makeStyles({
  nav: { overflowX: 'auto', borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
});

const label = (t: TabStrings, view: ViewId): string => t.nav[view];

export function Navigation({ views, current, onSelect }: { readonly views: readonly ViewId[]; readonly current: ViewId; readonly onSelect: (view: ViewId) => void }) {
  const { t } = useStrings();
  const styles = useStyles();
  return (
    <nav className={styles.nav} aria-label={t.nav.label}>
      <TabList selectedValue={current} onTabSelect={(_event, data) => onSelect(data.value as ViewId)}>
        {views.map((view) => (
          <Tab key={view} value={view} id={`tab-${view}`} aria-controls="view">
            {label(t, view)}
          </Tab>
        ))}
      </TabList>
    </nav>
  );
}
