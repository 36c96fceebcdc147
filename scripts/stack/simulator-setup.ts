/**
 * Registers the gateway's OAuth app with the local GitHub simulator, so CLIENT_ID,
 * CLIENT_SECRET and REDIRECT_URI from the environment work whatever their values.
 */
export async function registerOAuthApp(githubUrl: string, env: NodeJS.ProcessEnv): Promise<void> {
  const res = await fetch(`${githubUrl}/_sim/oauth-apps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: env.CLIENT_ID,
      clientSecret: env.CLIENT_SECRET,
      name: 'GitHub Webhook Manager (local)',
      redirectUris: [env.REDIRECT_URI],
    }),
  })
  if (!res.ok && res.status !== 409) throw new Error(`the simulator refused the OAuth app: ${res.status} ${await res.text()}`)
}
