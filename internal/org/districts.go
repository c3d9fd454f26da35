package org

// District is an administrative area an organization sits in.
type District struct {
	Code string `json:"code"`
	Name Text   `json:"name"`
}

// Districts lists Chongqing's 38 districts and counties plus the two
// development zones the city plan names, Liangjiang New Area and the
// Western (Chongqing) Science City.
var Districts = []District{
	{"yuzhong", Text{"渝中区", "Yuzhong District"}},
	{"dadukou", Text{"大渡口区", "Dadukou District"}},
	{"jiangbei", Text{"江北区", "Jiangbei District"}},
	{"shapingba", Text{"沙坪坝区", "Shapingba District"}},
	{"jiulongpo", Text{"九龙坡区", "Jiulongpo District"}},
	{"nanan", Text{"南岸区", "Nan'an District"}},
	{"beibei", Text{"北碚区", "Beibei District"}},
	{"yubei", Text{"渝北区", "Yubei District"}},
	{"banan", Text{"巴南区", "Banan District"}},
	{"wanzhou", Text{"万州区", "Wanzhou District"}},
	{"fuling", Text{"涪陵区", "Fuling District"}},
	{"qianjiang", Text{"黔江区", "Qianjiang District"}},
	{"changshou", Text{"长寿区", "Changshou District"}},
	{"jiangjin", Text{"江津区", "Jiangjin District"}},
	{"hechuan", Text{"合川区", "Hechuan District"}},
	{"yongchuan", Text{"永川区", "Yongchuan District"}},
	{"nanchuan", Text{"南川区", "Nanchuan District"}},
	{"qijiang", Text{"綦江区", "Qijiang District"}},
	{"dazu", Text{"大足区", "Dazu District"}},
	{"bishan", Text{"璧山区", "Bishan District"}},
	{"tongliang", Text{"铜梁区", "Tongliang District"}},
	{"tongnan", Text{"潼南区", "Tongnan District"}},
	{"rongchang", Text{"荣昌区", "Rongchang District"}},
	{"kaizhou", Text{"开州区", "Kaizhou District"}},
	{"liangping", Text{"梁平区", "Liangping District"}},
	{"wulong", Text{"武隆区", "Wulong District"}},
	{"chengkou", Text{"城口县", "Chengkou County"}},
	{"fengdu", Text{"丰都县", "Fengdu County"}},
	{"dianjiang", Text{"垫江县", "Dianjiang County"}},
	{"zhongxian", Text{"忠县", "Zhong County"}},
	{"yunyang", Text{"云阳县", "Yunyang County"}},
	{"fengjie", Text{"奉节县", "Fengjie County"}},
	{"wushan", Text{"巫山县", "Wushan County"}},
	{"wuxi", Text{"巫溪县", "Wuxi County"}},
	{"shizhu", Text{"石柱土家族自治县", "Shizhu Tujia Autonomous County"}},
	{"xiushan", Text{"秀山土家族苗族自治县", "Xiushan Tujia and Miao Autonomous County"}},
	{"youyang", Text{"酉阳土家族苗族自治县", "Youyang Tujia and Miao Autonomous County"}},
	{"pengshui", Text{"彭水苗族土家族自治县", "Pengshui Miao and Tujia Autonomous County"}},
	{"liangjiang", Text{"两江新区", "Liangjiang New Area"}},
	{"western-science-city", Text{"西部（重庆）科学城", "Western (Chongqing) Science City"}},
}

// ValidDistrict reports whether code names a listed district.
func ValidDistrict(code string) bool {
	for _, d := range Districts {
		if d.Code == code {
			return true
		}
	}
	return false
}
