import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { countryCode } from "../../src/qualifier/screening/countries.js";
import { listDate } from "../../src/qualifier/screening/list-dates.js";
import { parseSdnAdvancedXml, parseSdnCsv, parseSdnXml, partyKind } from "../../src/qualifier/screening/ofac.js";

describe("what the screening reads from a publication beyond names", () => {
  it("SDN.CSV: aliases (a.k.a., f.k.a., n.k.a., apostrophes inside), dates of birth, nationalities and citizenships, kind", () => {
    const csv = [
      `36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `,
      `306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'BNC'; f.k.a. 'BANCO DE CUBA'."`,
      `7847,"AL-TIKRITI, Ali Hassan al-Majid","individual","IRAQ2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1943; alt. DOB 01 Jan 1941; alt. DOB circa 1945; alt. DOB 1950 to 1952; alt. DOB Dec 1960; POB al-Awja; nationality Iraq; citizen Korea, North; a.k.a. 'ABD-AL-'IZ'; n.k.a. 'ALI, Hassan'."`,
      `9999,"SABRINA","vessel","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Vessel Registration Identification IMO 1234567."`,
    ].join("\n");
    const [airline, bank, person, vessel] = parseSdnCsv(csv, "2024-05-03").entries;
    assert.equal(airline.kind, "entity");
    assert.deepEqual(airline.aliases, []);
    assert.deepEqual(bank.aliases, ["BNC", "BANCO DE CUBA"]);
    assert.equal(person.kind, "individual");
    assert.deepEqual(person.aliases, ["ABD-AL-'IZ", "ALI, Hassan"]);
    assert.deepEqual(person.datesOfBirth, ["1943", "1941-01-01", "1944/1946", "1950/1952", "1960-12"]);
    assert.deepEqual(person.nationalities, ["IQ", "KP"]);
    assert.equal(vessel.kind, "vessel");
  });

  it("SDN.XML: dates of birth, nationalities and citizenships, kind", () => {
    const xml = `<sdnList><publshInformation><Publish_Date>11/01/2026</Publish_Date></publshInformation>
      <sdnEntry><uid>1</uid><lastName>PETROV</lastName><firstName>Ivan</firstName><sdnType>Individual</sdnType>
        <dateOfBirthList><dateOfBirthItem><dateOfBirth>15 Mar 1970</dateOfBirth></dateOfBirthItem><dateOfBirthItem><dateOfBirth>1971</dateOfBirth></dateOfBirthItem></dateOfBirthList>
        <nationalityList><nationality><country>Russia</country></nationality></nationalityList>
        <citizenshipList><citizenship><country>Burma</country></citizenship></citizenshipList></sdnEntry></sdnList>`;
    const [petrov] = parseSdnXml(xml).entries;
    assert.equal(petrov.kind, "individual");
    assert.deepEqual(petrov.datesOfBirth, ["1970-03-15", "1971"]);
    assert.deepEqual(petrov.nationalities, ["RU", "MM"]);
  });

  it("SDN_ADVANCED.XML: kind through the party type, birth dates and ranges, nationality and citizenship through locations", () => {
    const xml = `<Sanctions><DateOfIssue><Year>2026</Year><Month>11</Month><Day>15</Day></DateOfIssue>
      <ReferenceValueSets>
        <PartyTypeValues><PartyType ID="1">Individual</PartyType><PartyType ID="2">Entity</PartyType></PartyTypeValues>
        <PartySubTypeValues><PartySubType ID="4" PartyTypeID="1">Unknown</PartySubType><PartySubType ID="1" PartyTypeID="3">Vessel</PartySubType></PartySubTypeValues>
        <FeatureTypeValues><FeatureType ID="8">Birthdate</FeatureType><FeatureType ID="10">Nationality Country</FeatureType><FeatureType ID="11">Citizenship Country</FeatureType></FeatureTypeValues>
        <CountryValues><Country ID="11036" ISO2="IR">Iran</Country><Country ID="11037">Korea, North</Country></CountryValues>
      </ReferenceValueSets>
      <Locations><Location ID="500"><LocationCountry CountryID="11036"/></Location><Location ID="501"><LocationCountry CountryID="11037"/></Location></Locations>
      <DistinctParties>
        <DistinctParty FixedRef="1"><Profile ID="1" PartySubTypeID="4">
          <Identity><Alias Primary="true"><DocumentedName><DocumentedNamePart><NamePartValue>REZAEI Ali</NamePartValue></DocumentedNamePart></DocumentedName></Alias></Identity>
          <Feature FeatureTypeID="8"><FeatureVersion><DatePeriod><Start><From><Year>1964</Year><Month>8</Month><Day>23</Day></From><To><Year>1964</Year><Month>8</Month><Day>23</Day></To></Start><End><From><Year>1964</Year><Month>8</Month><Day>23</Day></From><To><Year>1964</Year><Month>8</Month><Day>23</Day></To></End></DatePeriod></FeatureVersion></Feature>
          <Feature FeatureTypeID="8"><FeatureVersion><DatePeriod><Start><From><Year>1960</Year></From></Start><End><To><Year>1962</Year></To></End></DatePeriod></FeatureVersion></Feature>
          <Feature FeatureTypeID="10"><FeatureVersion><VersionLocation LocationID="500"/></FeatureVersion></Feature>
          <Feature FeatureTypeID="11"><FeatureVersion><VersionLocation LocationID="501"/></FeatureVersion></Feature>
        </Profile></DistinctParty>
        <DistinctParty FixedRef="2"><Profile ID="2" PartySubTypeID="1">
          <Identity><Alias Primary="true"><DocumentedName><DocumentedNamePart><NamePartValue>SABRINA</NamePartValue></DocumentedNamePart></DocumentedName></Alias></Identity>
        </Profile></DistinctParty>
      </DistinctParties></Sanctions>`;
    const [person, vessel] = parseSdnAdvancedXml(xml).entries;
    assert.equal(person.type, "Individual");
    assert.equal(person.kind, "individual");
    assert.deepEqual(person.datesOfBirth, ["1964-08-23", "1960/1962"]);
    assert.deepEqual(person.nationalities, ["IR", "KP"]);
    assert.equal(vessel.kind, "vessel");
    assert.deepEqual(vessel.datesOfBirth, []);
  });

  it("list dates and country names, and what they refuse", () => {
    assert.equal(listDate("08 Jan 1984"), "1984-01-08");
    assert.equal(listDate("1984"), "1984");
    assert.equal(listDate("01 Jan 1960 to 31 Dec 1962"), "1960-01-01/1962-12-31");
    assert.equal(listDate("sometime"), undefined);
    assert.equal(listDate("32 Foo 1960"), undefined);
    assert.equal(countryCode("Korea, North"), "KP");
    assert.equal(countryCode("Congo, Democratic Republic of the"), "CD");
    assert.equal(countryCode("Germany"), "DE");
    assert.equal(countryCode("Russia"), "RU");
    assert.equal(countryCode("Serbia"), "RS");
    assert.equal(countryCode("European Union"), undefined);
    assert.equal(countryCode("Atlantis"), undefined);
    assert.equal(partyKind("-0-"), undefined);
    assert.equal(partyKind("Aircraft"), "aircraft");
  });
});
