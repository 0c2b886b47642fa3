import { comment, element, xmlText } from './xml.js';

describe('XML of the IATI export', () => {
  it('escapes markup and drops what XML 1.0 cannot carry', () => {
    expect(xmlText(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;',
    );
    expect(xmlText('bell\u0007 tab\t line\n ok\uFFFF \uD800alone')).toBe('bell tab\t line\n ok alone');
    expect(xmlText('كينيا 肯尼亚 😀')).toBe('كينيا 肯尼亚 😀');
  });

  it('builds elements with escaped attributes, leaving out absent ones', () => {
    expect(element('value', { currency: 'USD', 'value-date': undefined }, '10')).toBe(
      '<value currency="USD">10</value>',
    );
    expect(element('sector', { code: '"15210"' })).toBe('<sector code="&quot;15210&quot;"/>');
    expect(comment('a -- b <c>')).toBe('<!-- a - - b &lt;c&gt; -->');
    expect(comment('Ministry --- Energy')).toBe('<!-- Ministry - - - Energy -->');
    for (const text of ['----', 'a-', '--x--'])
      expect(comment(text).slice('<!--'.length, -'-->'.length)).not.toContain('--');
  });
});
