// The Peer Support Network's service worker: shows push notifications, and caches nothing (every page
// holds personal details). What a push says is notifications' neutral text, written for a lock screen.
const NEUTRAL = { title: 'Peer Support Network', body: 'You have a new message in the Peer Support Network.', url: '/inbox' }

self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

self.addEventListener('push', (event) => {
  let message = {}
  try {
    message = event.data ? event.data.json() : {}
  } catch (error) {
    message = {}
  }
  const title = message.title || NEUTRAL.title
  event.waitUntil(self.registration.showNotification(title, {
    body: message.body || NEUTRAL.body,
    icon: '/assets/images/nhsuk-icon-192.png',
    tag: message.id || undefined,
    data: { url: sameSite(message.url) }
  }))
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const url = event.notification.data && event.notification.data.url ? event.notification.data.url : NEUTRAL.url
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then((windows) => {
    const open = windows.find((w) => new URL(w.url).pathname === url)
    return open ? open.focus() : self.clients.openWindow(url)
  }))
})

// Only a path on this site: a push can never send anyone elsewhere.
function sameSite (url) {
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : NEUTRAL.url
}
