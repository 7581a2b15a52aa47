package dev.tidemark.archfixtures.size;

/**
 * Breaks "no class over 500 lines": deliberately long (generated once; the rule counts this file's lines).
 */
public final class Oversized {

    static int m001() { return 1; }

    static int m002() { return 2; }

    static int m003() { return 3; }

    static int m004() { return 4; }

    static int m005() { return 5; }

    static int m006() { return 6; }

    static int m007() { return 7; }

    static int m008() { return 8; }

    static int m009() { return 9; }

    static int m010() { return 10; }

    static int m011() { return 11; }

    static int m012() { return 12; }

    static int m013() { return 13; }

    static int m014() { return 14; }

    static int m015() { return 15; }

    static int m016() { return 16; }

    static int m017() { return 17; }

    static int m018() { return 18; }

    static int m019() { return 19; }

    static int m020() { return 20; }

    static int m021() { return 21; }

    static int m022() { return 22; }

    static int m023() { return 23; }

    static int m024() { return 24; }

    static int m025() { return 25; }

    static int m026() { return 26; }

    static int m027() { return 27; }

    static int m028() { return 28; }

    static int m029() { return 29; }

    static int m030() { return 30; }

    static int m031() { return 31; }

    static int m032() { return 32; }

    static int m033() { return 33; }

    static int m034() { return 34; }

    static int m035() { return 35; }

    static int m036() { return 36; }

    static int m037() { return 37; }

    static int m038() { return 38; }

    static int m039() { return 39; }

    static int m040() { return 40; }

    static int m041() { return 41; }

    static int m042() { return 42; }

    static int m043() { return 43; }

    static int m044() { return 44; }

    static int m045() { return 45; }

    static int m046() { return 46; }

    static int m047() { return 47; }

    static int m048() { return 48; }

    static int m049() { return 49; }

    static int m050() { return 50; }

    static int m051() { return 51; }

    static int m052() { return 52; }

    static int m053() { return 53; }

    static int m054() { return 54; }

    static int m055() { return 55; }

    static int m056() { return 56; }

    static int m057() { return 57; }

    static int m058() { return 58; }

    static int m059() { return 59; }

    static int m060() { return 60; }

    static int m061() { return 61; }

    static int m062() { return 62; }

    static int m063() { return 63; }

    static int m064() { return 64; }

    static int m065() { return 65; }

    static int m066() { return 66; }

    static int m067() { return 67; }

    static int m068() { return 68; }

    static int m069() { return 69; }

    static int m070() { return 70; }

    static int m071() { return 71; }

    static int m072() { return 72; }

    static int m073() { return 73; }

    static int m074() { return 74; }

    static int m075() { return 75; }

    static int m076() { return 76; }

    static int m077() { return 77; }

    static int m078() { return 78; }

    static int m079() { return 79; }

    static int m080() { return 80; }

    static int m081() { return 81; }

    static int m082() { return 82; }

    static int m083() { return 83; }

    static int m084() { return 84; }

    static int m085() { return 85; }

    static int m086() { return 86; }

    static int m087() { return 87; }

    static int m088() { return 88; }

    static int m089() { return 89; }

    static int m090() { return 90; }

    static int m091() { return 91; }

    static int m092() { return 92; }

    static int m093() { return 93; }

    static int m094() { return 94; }

    static int m095() { return 95; }

    static int m096() { return 96; }

    static int m097() { return 97; }

    static int m098() { return 98; }

    static int m099() { return 99; }

    static int m100() { return 100; }

    static int m101() { return 101; }

    static int m102() { return 102; }

    static int m103() { return 103; }

    static int m104() { return 104; }

    static int m105() { return 105; }

    static int m106() { return 106; }

    static int m107() { return 107; }

    static int m108() { return 108; }

    static int m109() { return 109; }

    static int m110() { return 110; }

    static int m111() { return 111; }

    static int m112() { return 112; }

    static int m113() { return 113; }

    static int m114() { return 114; }

    static int m115() { return 115; }

    static int m116() { return 116; }

    static int m117() { return 117; }

    static int m118() { return 118; }

    static int m119() { return 119; }

    static int m120() { return 120; }

    static int m121() { return 121; }

    static int m122() { return 122; }

    static int m123() { return 123; }

    static int m124() { return 124; }

    static int m125() { return 125; }

    static int m126() { return 126; }

    static int m127() { return 127; }

    static int m128() { return 128; }

    static int m129() { return 129; }

    static int m130() { return 130; }

    static int m131() { return 131; }

    static int m132() { return 132; }

    static int m133() { return 133; }

    static int m134() { return 134; }

    static int m135() { return 135; }

    static int m136() { return 136; }

    static int m137() { return 137; }

    static int m138() { return 138; }

    static int m139() { return 139; }

    static int m140() { return 140; }

    static int m141() { return 141; }

    static int m142() { return 142; }

    static int m143() { return 143; }

    static int m144() { return 144; }

    static int m145() { return 145; }

    static int m146() { return 146; }

    static int m147() { return 147; }

    static int m148() { return 148; }

    static int m149() { return 149; }

    static int m150() { return 150; }

    static int m151() { return 151; }

    static int m152() { return 152; }

    static int m153() { return 153; }

    static int m154() { return 154; }

    static int m155() { return 155; }

    static int m156() { return 156; }

    static int m157() { return 157; }

    static int m158() { return 158; }

    static int m159() { return 159; }

    static int m160() { return 160; }

    static int m161() { return 161; }

    static int m162() { return 162; }

    static int m163() { return 163; }

    static int m164() { return 164; }

    static int m165() { return 165; }

    static int m166() { return 166; }

    static int m167() { return 167; }

    static int m168() { return 168; }

    static int m169() { return 169; }

    static int m170() { return 170; }

    static int m171() { return 171; }

    static int m172() { return 172; }

    static int m173() { return 173; }

    static int m174() { return 174; }

    static int m175() { return 175; }

    static int m176() { return 176; }

    static int m177() { return 177; }

    static int m178() { return 178; }

    static int m179() { return 179; }

    static int m180() { return 180; }

    static int m181() { return 181; }

    static int m182() { return 182; }

    static int m183() { return 183; }

    static int m184() { return 184; }

    static int m185() { return 185; }

    static int m186() { return 186; }

    static int m187() { return 187; }

    static int m188() { return 188; }

    static int m189() { return 189; }

    static int m190() { return 190; }

    static int m191() { return 191; }

    static int m192() { return 192; }

    static int m193() { return 193; }

    static int m194() { return 194; }

    static int m195() { return 195; }

    static int m196() { return 196; }

    static int m197() { return 197; }

    static int m198() { return 198; }

    static int m199() { return 199; }

    static int m200() { return 200; }

    static int m201() { return 201; }

    static int m202() { return 202; }

    static int m203() { return 203; }

    static int m204() { return 204; }

    static int m205() { return 205; }

    static int m206() { return 206; }

    static int m207() { return 207; }

    static int m208() { return 208; }

    static int m209() { return 209; }

    static int m210() { return 210; }

    static int m211() { return 211; }

    static int m212() { return 212; }

    static int m213() { return 213; }

    static int m214() { return 214; }

    static int m215() { return 215; }

    static int m216() { return 216; }

    static int m217() { return 217; }

    static int m218() { return 218; }

    static int m219() { return 219; }

    static int m220() { return 220; }

    static int m221() { return 221; }

    static int m222() { return 222; }

    static int m223() { return 223; }

    static int m224() { return 224; }

    static int m225() { return 225; }

    static int m226() { return 226; }

    static int m227() { return 227; }

    static int m228() { return 228; }

    static int m229() { return 229; }

    static int m230() { return 230; }

    static int m231() { return 231; }

    static int m232() { return 232; }

    static int m233() { return 233; }

    static int m234() { return 234; }

    static int m235() { return 235; }

    static int m236() { return 236; }

    static int m237() { return 237; }

    static int m238() { return 238; }

    static int m239() { return 239; }

    static int m240() { return 240; }

    static int m241() { return 241; }

    static int m242() { return 242; }

    static int m243() { return 243; }

    static int m244() { return 244; }

    static int m245() { return 245; }

    static int m246() { return 246; }

    static int m247() { return 247; }

    static int m248() { return 248; }

    static int m249() { return 249; }

}
