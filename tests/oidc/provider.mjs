// A real OpenID Connect provider (the certified `oidc-provider` package) on localhost, for the
// sign-in browser tests: one confidential client for the dashboard and two fixed accounts.
//
//   node tests/oidc/provider.mjs PORT REDIRECT_URI [REDIRECT_URI ...]
//
// prints "ready <issuer>" on a line of its own once it listens on 127.0.0.1:PORT. It uses the
// provider's own development login form: the login name picks the account (`steward` or
// `viewer`; any other name is refused) and the password field is not checked. Never for
// production: keys are generated per run and nothing is stored.
import Provider from 'oidc-provider';

const [port, ...redirectUris] = process.argv.slice(2);
if (!port || redirectUris.length === 0) {
  console.error('usage: node provider.mjs PORT REDIRECT_URI [REDIRECT_URI ...]');
  process.exit(2);
}

export const CLIENT_ID = 'ict-response-dashboard';
export const CLIENT_SECRET = 'test-client-secret-not-for-production';

const ACCOUNTS = {
  steward: { name: 'Amina Diallo', email: 'Amina.Diallo@example.org', email_verified: true },
  viewer: { name: 'Bo Viewer', email: 'bo.viewer@example.org', email_verified: true },
};

const issuer = `http://127.0.0.1:${port}`;

const configuration = {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: redirectUris,
      post_logout_redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  // The dashboard reads name and e-mail from the ID token (as Streamlit does).
  conformIdTokenClaims: false,
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  // A first-party client: no consent screen, every requested scope is granted.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    grant.addOIDCClaims(['email', 'email_verified', 'name']);
    await grant.save();
    return grant;
  },
  cookies: { keys: ['test-cookie-key-not-for-production'] },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // The default pages fetch a web font; this closed network has none.
      async logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html><head><title>Sign out</title></head><body>
          <h1>Sign out of the test provider?</h1>${form}
          <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
          </body></html>`;
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = '<!DOCTYPE html><html><body><h1>Signed out</h1></body></html>';
      },
    },
  },
};

const provider = new Provider(issuer, configuration);
const server = provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
