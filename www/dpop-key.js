// The DPoP switch: when on, this browser holds a DPoP key pair (RFC 9449)
// whose private key WebCrypto will not export, kept in IndexedDB (CryptoKeys
// are stored as such, never as text) so that every tab and the page after
// the provider's redirect sign with the same key. Tokens bound to it are
// useless without it. Off: no key, Bearer tokens.
import { DpopKey, generateDpopKey } from "edgeauth/login";

const DB = "edgeauth-demo";
const STORE = "dpop";

function transaction(mode, run) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(STORE, mode);
      const request = run(tx.objectStore(STORE));
      tx.oncomplete = () => {
        open.result.close();
        resolve(request.result);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** This browser's DPoP key, or null when the switch is off. */
export async function loadDpopKey() {
  const pair = await transaction("readonly", (s) => s.get("key"));
  return pair ? DpopKey.fromKeyPair(pair) : null;
}

/** Turn DPoP on (a new ES256 key) or off (the key is deleted). */
export async function setDpop(on) {
  if (!on) return transaction("readwrite", (s) => s.delete("key"));
  const key = await generateDpopKey("ES256");
  return transaction("readwrite", (s) => s.put(key.keyPair, "key"));
}
