// Which language model the AI steps use: with no key anywhere, the local model that ships with
// Botloom (offline); with the server's OPENAI_API_KEY, that one; or this bot's own key and model.
// The key is never sent back (only masked) and never prefilled; only admins change it.
import { Alert, Badge, Button, Card, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { aiApi, type AiSettings } from '../../api/ai-api';
import { describeError } from '../../api/http';
import { useCan } from '../../app/permissions';
import { LoadingState } from '../../components/LoadingState';

function describe(settings: AiSettings): string {
  if (settings.provider === 'local') return 'The local model that ships with Botloom: no key, nothing leaves this server.';
  const where = settings.baseUrl ? ` at ${settings.baseUrl}` : '';
  return settings.keySource === 'bot' ? `${settings.model}${where}, with this bot's own key (${settings.apiKey}).` : `${settings.model}${where}, with the server's key.`;
}

export function AiModelSection({ botId }: { botId: string }) {
  const canEdit = useCan('channels:write');
  const [settings, setSettings] = useState<AiSettings | null>(null);
  const [model, setModel] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const loaded = await aiApi.settings(botId);
      setSettings(loaded);
      setModel(loaded.botModel);
    } catch (err) {
      setError(describeError(err));
    }
  }, [botId]);
  useEffect(() => {
    void load();
  }, [load]);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const saved = await aiApi.save(botId, { model: model.trim(), ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}) });
      setSettings(saved);
      setApiKey('');
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  async function reset() {
    setBusy(true);
    try {
      await aiApi.remove(botId);
      await load();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="ai-model-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="ai-model-title">
            AI model
          </Title>
          <Text size="sm" c="gray.7">
            What the “Understand intent” and “Answer with AI” steps use.{!canEdit && ' Only admins can change this.'}
          </Text>
        </div>
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        {!settings && !error && <LoadingState label="Loading the AI model…" />}
        {settings && (
          <>
            <Group gap="xs">
              <Badge color={settings.provider === 'local' ? 'gray' : 'cyan'}>{settings.provider === 'local' ? 'Local model' : 'OpenAI-compatible'}</Badge>
              <Text size="sm" data-testid="ai-model-now">
                {describe(settings)}
              </Text>
            </Group>
            {canEdit && (
              <>
                <TextInput label="Model for this bot" description="Optional, e.g. gpt-4o-mini. Empty: the server's OPENAI_MODEL." value={model} onChange={(e) => setModel(e.currentTarget.value)} />
                <PasswordInput
                  label="API key for this bot"
                  description={settings.keySource === 'bot' ? 'A key is saved. Type a new one to replace it.' : 'Optional. Empty: the server’s OPENAI_API_KEY, or the local model.'}
                  value={apiKey}
                  onChange={(e) => setApiKey(e.currentTarget.value)}
                  autoComplete="off"
                />
                <Group>
                  <Button loading={busy} onClick={() => void save()}>
                    Save AI model
                  </Button>
                  {(settings.keySource === 'bot' || settings.botModel) && (
                    <Button variant="subtle" color="red" loading={busy} onClick={() => void reset()}>
                      Use the server’s settings
                    </Button>
                  )}
                </Group>
              </>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
