// The frame of the list and settings screens: a header with the product name and the account.
import { AppShell, Button, Group, Tooltip } from '@mantine/core';
import { IconLogout, IconUsersGroup } from '@tabler/icons-react';
import { Link, Outlet } from 'react-router';
import { useAuth } from './auth-context';
import { roleCan } from './permissions';
import { BrandMark } from '../components/BrandMark';

export function AppLayout() {
  const { user, signOut } = useAuth();
  return (
    <AppShell header={{ height: 56 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="lg" justify="space-between">
          <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }} aria-label="Botloom: all bots">
            <BrandMark />
          </Link>
          <Group gap="sm">
            {roleCan(user?.role, 'users:manage') && (
              <Button component={Link} to="/team" variant="subtle" size="xs" leftSection={<IconUsersGroup size={16} />}>
                Team
              </Button>
            )}
            <Tooltip label="Your account and where you are signed in">
              <Button component={Link} to="/account" variant="subtle" color="gray" size="xs">
                {user?.email}
              </Button>
            </Tooltip>
            <Button variant="subtle" color="gray" size="xs" leftSection={<IconLogout size={16} />} onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
