// The toolbar badge of a tab. Its text and colour are the engine's: triage's
// badge when a failure is recorded, then the report's top-level badge once
// the tab is diagnosed (null: no badge). Only without the engine (its wasm
// did not load, or it predates triage) does the worker badge a recorded
// exchange itself, with its bare status.

const UNJUDGED_COLOR = '#5f6368';

// unjudgedBadge is the badge of an exchange the engine could not judge.
export function unjudgedBadge(ex) {
  const status = ex.response ? ex.response.status : 0;
  return { text: status ? String(status) : '!', color: UNJUDGED_COLOR };
}

export async function applyBadge(tabId, badge) {
  try {
    await chrome.action.setBadgeBackgroundColor({ tabId, color: badge ? badge.color : [0, 0, 0, 0] });
    await chrome.action.setBadgeText({ tabId, text: badge ? badge.text : '' });
  } catch {
    // the tab is gone
  }
}

// maybeOpenPopup opens the popup on the tab when the user asked for it
// (the one option) and the tab is active.
export async function maybeOpenPopup(tabId) {
  const { autoOpenPopup } = await chrome.storage.local.get('autoOpenPopup');
  if (!autoOpenPopup || !chrome.action.openPopup) return;
  try {
    const tab = await chrome.tabs.get(tabId);
    if (tab.active) await chrome.action.openPopup({ windowId: tab.windowId });
  } catch {
    // no focused window or a popup already open: the badge stays
  }
}
