// Navigation: home → part → module → next/previous, the current page marked
// with aria-current, the in-page contents, and the small-screen menu button.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, newPage, serve, sites } from './lib/harness.mjs';

let browser;
let mini;
let bundled;

before(async () => {
  const s = sites();
  [browser, mini, bundled] = await Promise.all([launch(), serve(s.mini), serve(s.bundled)]);
});
after(async () => {
  await browser?.close();
  await mini?.close();
  await bundled?.close();
});

/** The site-relative path of the page a browser shows. */
function rel(page, base) {
  return decodeURI(page.url().split('#')[0]).replace(base, '');
}

/** Links in the site navigation marked as the current page (once the page has loaded and toc.js built the nav). */
async function currentInNav(page, base) {
  await page.waitForLoadState('load');
  const hrefs = await page.locator('#fokus-nav a[aria-current="page"]').evaluateAll((as) => as.map((a) => a.href));
  return hrefs.map((h) => decodeURI(h).replace(base, ''));
}

describe('navigation in the mini course', () => {
  it('goes home → part → module → next → previous, marking the current page', async () => {
    const { context, page, log } = await newPage(browser);
    const base = mini.base;
    await page.goto(base + 'index.html');
    assert.equal(await page.locator('h1').innerText(), 'Minikursus', 'home: the h1 is the course title');
    assert.deepEqual(await currentInNav(page, base), ['index.html'], 'home: the nav marks "Forside" as the current page');

    await page.locator('main').getByRole('link', { name: 'Grundlag', exact: true }).click();

    await page.waitForLoadState('load');
    assert.equal(rel(page, base), 'grundlag/index.html', 'home → part: clicking the part "Grundlag" opens its page');
    assert.deepEqual(await currentInNav(page, base), ['grundlag/index.html'], 'part page: the nav marks the part link as current');
    assert.equal(await page.locator('.breadcrumbs [aria-current="page"]').innerText(), 'Grundlag',
      'part page: the breadcrumb marks the part as current');

    await page.locator('main .module-cards').getByRole('link', { name: 'Evner før begrænsninger' }).click();

    await page.waitForLoadState('load');
    assert.equal(rel(page, base), 'grundlag/evner.html', 'part → module: the module card opens the module');
    assert.deepEqual(await currentInNav(page, base), ['grundlag/evner.html'], 'module page: exactly one nav link is current, the module itself');
    assert.equal(await page.locator('#fokus-nav a[aria-current="page"]').innerText(), 'Evner før begrænsninger',
      'module page: the current nav link is the module');
    assert.equal(await page.locator('.breadcrumbs [aria-current="page"]').innerText(), 'Evner før begrænsninger',
      'module page: the breadcrumb marks the module as current');

    // Prev/next read the course as one path, part introductions included.
    await page.locator('.pager a[rel="prev"]').click();
    await page.waitForLoadState('load');
    assert.equal(rel(page, base), 'grundlag/index.html', 'first module: "Forrige" leads to its part\'s introduction');
    await page.goBack();
    await page.locator('.pager a[rel="next"]').click();
    await page.waitForLoadState('load');
    assert.equal(rel(page, base), 'grundlag/samtalen.html', 'next from the first module goes to the second');
    assert.deepEqual(await currentInNav(page, base), ['grundlag/samtalen.html'], 'second module: the nav marks it as current');

    await page.locator('.pager a[rel="next"]').click();

    await page.waitForLoadState('load');
    assert.equal(rel(page, base), 'praksis/index.html', 'next from the last module of a part goes to the next part\'s introduction');
    await page.locator('.pager a[rel="next"]').click();
    await page.waitForLoadState('load');
    assert.equal(rel(page, base), 'praksis/opfoelgning.html', 'next from a part introduction goes to its first module');
    assert.equal(await page.locator('.pager a[rel="next"]').count(), 0, 'last module: there is no "Næste" link');

    await page.locator('.pager a[rel="prev"]').click();

    await page.waitForLoadState('load');
    assert.equal(rel(page, base), 'praksis/index.html', 'previous goes back to the part introduction');
    await page.locator('.pager a[rel="prev"]').click();
    await page.waitForLoadState('load');
    assert.equal(rel(page, base), 'grundlag/samtalen.html', 'previous from a part introduction goes to the last module of the part before');
    await page.locator('.pager a[rel="prev"]').click();
    await page.waitForLoadState('load');
    assert.equal(rel(page, base), 'grundlag/evner.html', 'previous goes back to the first module');

    // The site navigation lists the whole course and links work.
    await page.locator('#fokus-nav').getByRole('link', { name: 'Ordliste' }).click();
    await page.waitForLoadState('load');
    assert.equal(rel(page, base), 'ordliste.html', 'the nav link "Ordliste" opens the glossary');
    assert.deepEqual(await currentInNav(page, base), ['ordliste.html'], 'glossary: the nav marks it as current');
    await page.locator('#fokus-nav').getByRole('link', { name: 'Opgaver' }).click();
    await page.waitForLoadState('load');
    assert.equal(rel(page, base), 'opgaver/index.html', 'the nav link "Opgaver" opens the exercises overview');
    assert.deepEqual(await currentInNav(page, base), ['opgaver/index.html'], 'exercises overview: the nav marks it as current');
    assert.deepEqual(log.problems(), [], 'no console error or failed request while navigating');
    await context.close();
  });

  it('has in-page contents whose links reach their headings', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(mini.base + 'grundlag/evner.html');
    const toc = page.locator('nav.page-toc');
    assert.equal(await toc.count(), 1, 'grundlag/evner.html: the module has an in-page contents ("På denne side")');
    const label = await toc.getAttribute('aria-labelledby');
    assert.equal(await page.locator(`#${label}`).innerText(), 'På denne side', 'the contents is labelled by its heading');
    const hrefs = await toc.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.length >= 2, `the contents lists the module's headings (got ${hrefs.length})`);
    for (const href of hrefs) {
      const target = page.locator(`[id="${decodeURIComponent(href.slice(1))}"]`);
      assert.equal(await target.count(), 1, `contents link ${href}: exactly one element has that id`);
      await toc.locator(`a[href="${href}"]`).click();
      assert.ok(page.url().endsWith(href), `contents link ${href}: the address ends in the anchor`);
      const box = await target.boundingBox();
      assert.ok(box && box.y >= -2 && box.y < 900, `contents link ${href}: the heading is scrolled into view (y=${box?.y})`);
    }
    await context.close();
  });

  it('skip link moves focus to the main content', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(mini.base + 'grundlag/evner.html');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link', 'the first Tab stop is the skip link');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'fokus-main', 'Enter on the skip link focuses <main>');
    await context.close();
  });

  it('on a narrow screen the menu button opens and closes the navigation', async () => {
    const { context, page } = await newPage(browser, { viewport: { width: 360, height: 740 } });
    await page.goto(mini.base + 'grundlag/evner.html');
    const toggle = page.locator('.nav-toggle');
    const nav = page.locator('#fokus-nav');
    assert.ok(await toggle.isVisible(), 'at 360 px the "Indhold" button is visible');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'the menu starts closed (aria-expanded=false)');
    assert.ok(!(await nav.isVisible()), 'the navigation is hidden while the menu is closed');
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true', 'Enter opens the menu (aria-expanded=true)');
    assert.ok(await nav.isVisible(), 'the navigation shows when the menu is open');
    await page.keyboard.press('Space');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'Space closes it again');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `at 360 px the page does not scroll sideways (overflow ${overflow} px)`);
    await context.close();
  });
});

describe('navigation in the bundled course', () => {
  it('walks every module with "Næste" and back with "Forrige", the nav marking each', async () => {
    const { context, page, log } = await newPage(browser);
    const base = bundled.base;
    await page.goto(base + 'index.html');
    // The course as one path: each part's introduction, then its modules, as the home page lists them.
    const modules = await page.locator('main .part-card h3 a, main .task-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(modules.length > 5, `the home page lists the parts and modules (found ${modules.length})`);
    await page.locator('main .part-card h3 a').first().click();
    await page.waitForLoadState('load');
    const seen = [];
    for (;;) {
      const at = rel(page, base);
      seen.push(at);
      const current = await page.locator('#fokus-nav a[aria-current="page"]').evaluateAll((as) => as.map((a) => a.href));
      assert.equal(current.length, 1, `${at}: exactly one nav link is marked aria-current (got ${current.length})`);
      assert.equal(decodeURI(current[0]).replace(base, ''), at, `${at}: the nav link marked current points to this page`);
      const next = page.locator('.pager a[rel="next"]');
      if ((await next.count()) === 0) { break; }
      await next.click();
      await page.waitForLoadState('load');
      const back = rel(page, base);
      assert.ok(!seen.includes(back), `${at}: "Næste" leads to ${back}, a page already visited`);
    }
    assert.deepEqual(seen, modules, 'following "Næste" visits the part introductions and modules in the order the home page lists them');
    for (let i = seen.length - 1; i > 0; i--) {
      await page.locator('.pager a[rel="prev"]').click();
      await page.waitForLoadState('load');
      assert.equal(rel(page, base), seen[i - 1], `"Forrige" on ${seen[i]} leads to ${seen[i - 1]}`);
    }
    assert.deepEqual(log.problems(), [], 'no console error or failed request while walking the course');
    await context.close();
  });
});
