kbSearch.docs(0,[
["Shortcuts","index.html","","","","Copy with Ctrl+C, paste with Ctrl+V. E = mc2, H2O, marked, HTML, old new, and a linebreak. Inside HTML, wikilinks still link: Removed.\nA paragraph with emphasis and a link to Removed.\na list\nin the details\nan external link, a relative one and a fragment.\nNext paragraph, inside the div.\n"],
["Removed","removed.html","","","","Every removal rule, one a line; only the words \"kept\" may show.\nkept link text kept kept\nkept \nInline: a  b  c and unclosed bold\nThis paragraph is not bold.\nmarkdown link markdown image\n"]]);
