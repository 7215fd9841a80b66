/**
 * Creates a console API token through the REST API, as an admin would (`POST /v1/tokens`), and
 * returns its secret. Throws with the status and body unless the console answers 201.
 */
export async function createConsoleToken(url: string, adminToken: string, name: string, role: 'trader' | 'admin'): Promise<string> {
  const created = await fetch(`${url}/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, role }),
  });
  if (created.status !== 201) throw new Error(`token not created: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { token: string }).token;
}
