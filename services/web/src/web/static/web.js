// Progressive enhancement only: every page works without this.
import { initAll } from './nhsuk/nhsuk-frontend.min.js'

initAll()

// Installable: the service worker shows push notifications (it caches nothing).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/service-worker.js', { scope: '/' }).catch(() => {})
}

// A reset or feedback link carries its code after '#token=' (never sent to a server): put it in the form, and
// out of the address bar and the browser's history. A newer link opened over this page (a welcome sent again)
// changes only the fragment, which loads nothing: its code replaces the one in the form.
const linkCode = document.querySelector('[data-psn-link-code]')
function takeLinkCode () {
  const fragment = new URLSearchParams(window.location.hash.slice(1))
  if (linkCode && fragment.get('token')) {
    linkCode.querySelector('input').value = fragment.get('token')
    linkCode.hidden = true
    window.history.replaceState(null, '', window.location.pathname)
  }
}
takeLinkCode()
window.addEventListener('hashchange', takeLinkCode)

// My calendar link: a copy button where the browser can copy. What it says is the page's, in the page's language.
const copyButton = document.querySelector('[data-copy]')
if (copyButton && navigator.clipboard) {
  copyButton.hidden = false
  copyButton.addEventListener('click', async () => {
    const status = document.getElementById('copy-status')
    try {
      await navigator.clipboard.writeText(document.querySelector(copyButton.dataset.copy).value)
      status.textContent = copyButton.dataset.copied
    } catch (error) {
      status.textContent = copyButton.dataset.copyFailed
    }
  })
}

// Push notifications on this device: subscribed with the notifications service's key and registered
// through this site (the person's token stays on the server). What it says comes from the page, in its language.
const push = document.getElementById('push-enable')
if (push && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window) {
  push.hidden = false
  document.getElementById('push-unsupported').hidden = true
  document.getElementById('push-button').addEventListener('click', () => enablePush(push))
}

async function enablePush (panel) {
  const status = document.getElementById('push-status')
  try {
    const { public_key: key } = await (await fetch(panel.dataset.keyUrl, { credentials: 'same-origin' })).json()
    if (!key) {
      status.textContent = panel.dataset.unavailable
      return
    }
    if (await Notification.requestPermission() !== 'granted') {
      status.textContent = panel.dataset.refused
      return
    }
    const registration = await navigator.serviceWorker.ready
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytesOf(key) })
    const answer = await fetch(panel.dataset.devicesUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': panel.dataset.csrf, 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify(subscription)
    })
    status.textContent = answer.ok ? panel.dataset.turnedOn : panel.dataset.failed
  } catch (error) {
    status.textContent = panel.dataset.failed
  }
}

function bytesOf (base64url) {
  const base64 = (base64url + '='.repeat((4 - base64url.length % 4) % 4)).replace(/-/g, '+').replace(/_/g, '/')
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
}
