// The studio's screens, behind sign-in.
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthProvider, useAuth } from './auth-context';
import { AppLayout } from './AppLayout';
import { cssVariablesResolver, theme } from './theme';
import { LoadingState } from '../components/LoadingState';
import { BotListScreen } from '../screens/bot-list/BotListScreen';
import { BotSettingsScreen } from '../screens/bot-settings/BotSettingsScreen';
import { EditorScreen } from '../screens/editor/EditorScreen';
import { InboxScreen } from '../screens/inbox/InboxScreen';
import { ContactsScreen } from '../screens/contacts/ContactsScreen';
import { AppointmentsScreen } from '../screens/appointments/AppointmentsScreen';
import { VersionScreen } from '../screens/versions/VersionScreen';
import { AnalyticsScreen } from '../screens/analytics/AnalyticsScreen';
import { TeamScreen } from '../screens/team/TeamScreen';
import { SignInScreen } from '../screens/sign-in/SignInScreen';
import { TriggersScreen } from '../screens/triggers/TriggersScreen';
import { AccountScreen } from '../screens/account/AccountScreen';

function Screens() {
  const { user, loading } = useAuth();
  if (loading) return <LoadingState label="Opening Botloom…" fullScreen />;
  if (!user) return <SignInScreen />;
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<BotListScreen />} />
        <Route path="bots/:botId/settings" element={<BotSettingsScreen />} />
        <Route path="bots/:botId/triggers" element={<TriggersScreen />} />
        <Route path="bots/:botId/inbox" element={<InboxScreen />} />
        <Route path="bots/:botId/appointments" element={<AppointmentsScreen />} />
        <Route path="bots/:botId/contacts" element={<ContactsScreen />} />
        <Route path="bots/:botId/analytics" element={<AnalyticsScreen />} />
        <Route path="team" element={<TeamScreen />} />
        <Route path="account" element={<AccountScreen />} />
      </Route>
      <Route path="bots/:botId" element={<EditorScreen />} />
      <Route path="bots/:botId/versions/:version" element={<VersionScreen />} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="bottom-center" />
      <BrowserRouter>
        <AuthProvider>
          <Screens />
        </AuthProvider>
      </BrowserRouter>
    </MantineProvider>
  );
}
