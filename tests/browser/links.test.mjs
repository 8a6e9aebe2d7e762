// Internal links and anchors of both built sites, checked on the output with
// check-links.mjs (independent of fokus's own link checking).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkLinks } from './check-links.mjs';
import { assertNone, sites } from './lib/harness.mjs';

describe('no broken internal link or anchor', () => {
  for (const site of ['bundled', 'trainer', 'mini']) {
    it(`${site} course`, () => {
      const r = checkLinks(sites()[site]);
      assert.ok(r.pages > 5 && r.links > r.pages, `${site}: the checker saw the site (${r.pages} pages, ${r.links} links)`);
      assertNone(r.problems, `${site}: ${r.pages} pages, ${r.links} links checked; broken (page:line: link: why)`);
    });
  }
});
