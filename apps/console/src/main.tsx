// The console's entry: sign-in from the fragment, the header, and the page for the route.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { whenSignedOut } from './api';
import { AccountPackagePage } from './pages/account-package';
import { AccountPackages, AccountPicker } from './pages/account-packages';
import { Catalog } from './pages/catalog';
import { NewPackage } from './pages/new-package';
import { PackagePage } from './pages/package';
import { SignIn } from './pages/sign-in';
import { href, navigate, useRoute, type Route } from './router';
import { claims, clearToken, getToken, takeTokenFromFragment } from './session';
import './styles.css';

takeTokenFromFragment(location, history);

function Page({ route }: { route: Route }) {
  const [first, second, third, fourth] = route.path;
  if (first === 'packages' && second === 'new') return <NewPackage />;
  if (first === 'packages' && second) return <PackagePage id={second} asOf={route.params.get('as_of') ?? undefined} />;
  if (first === 'accounts' && second && third === 'packages' && fourth) return <AccountPackagePage account={second} id={fourth} />;
  if (first === 'accounts' && second) return <AccountPackages account={second} params={route.params} />;
  if (first === 'accounts') return <AccountPicker />;
  return <Catalog params={route.params} />;
}

function Header({ section }: { section: string }) {
  const me = claims();
  const signOut = (): void => {
    clearToken();
    navigate('#/signin');
  };
  return (
    <header class="top">
      <a class="brand" href="#/">
        Artifact Register
      </a>
      <nav aria-label="Sections">
        <a href="#/" aria-current={section === 'catalog' ? 'page' : undefined}>
          Catalog
        </a>
        <a href={href('/accounts')} aria-current={section === 'accounts' ? 'page' : undefined}>
          Accounts
        </a>
      </nav>
      <span class="who" title={me.sub}>
        {me.role ?? 'unknown role'}
      </span>
      <button type="button" class="link" onClick={signOut}>
        Sign out
      </button>
    </header>
  );
}

function App() {
  const route = useRoute();
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(() => whenSignedOut((message) => {
    setNotice(message);
    navigate('#/signin', true);
  }), []);
  const signedIn = !!getToken();
  if (!signedIn || route.path[0] === 'signin') return <SignIn notice={notice} onSignedIn={() => setNotice(undefined)} />;
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <Header section={route.path[0] === 'accounts' ? 'accounts' : 'catalog'} />
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
